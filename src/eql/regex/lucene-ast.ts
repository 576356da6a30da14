import type { CharSet } from './charset.js';

/**
 * A parsed Lucene regular expression (org.apache.lucene.util.automaton.RegExp syntax).
 * Literal characters, classes, `.` and `\d`-style classes are all `set` nodes, already folded
 * for case-insensitivity the way Lucene folds them. `offset` is the 0-based index into the
 * pattern of the construct (for a repeat: of its quantifier).
 */
export type LuceneNode =
  | { kind: 'set'; set: CharSet; offset: number }
  | { kind: 'concat'; items: LuceneNode[]; offset: number }
  | { kind: 'union'; items: LuceneNode[]; offset: number }
  | { kind: 'repeat'; item: LuceneNode; min: number; max: number | null; offset: number }
  | { kind: 'anyString'; offset: number }
  | { kind: 'emptyLanguage'; offset: number }
  | { kind: 'interval'; min: number; max: number; digits: number; offset: number }
  | { kind: 'intersection'; left: LuceneNode; right: LuceneNode; offset: number }
  | { kind: 'complement'; item: LuceneNode; offset: number }
  | { kind: 'namedAutomaton'; name: string; offset: number };

export interface LuceneParseResult {
  root: LuceneNode;
  /** Pattern warnings found while parsing (PCRE look-alikes, operators read literally). */
  warnings: { code: string; message: string; offset: number }[];
}

export const EMPTY_STRING = (offset: number): LuceneNode => ({ kind: 'concat', items: [], offset });

/** Calls `visit` on every node, parents first. */
export function walk(node: LuceneNode, visit: (n: LuceneNode) => void): void {
  visit(node);
  switch (node.kind) {
    case 'concat':
    case 'union':
      for (const item of node.items) walk(item, visit);
      break;
    case 'repeat':
    case 'complement':
      walk(node.item, visit);
      break;
    case 'intersection':
      walk(node.left, visit);
      walk(node.right, visit);
      break;
    default:
      break;
  }
}
