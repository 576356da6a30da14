import { EqlRegexError } from './types.js';
import { EMPTY_SET, re2Set } from './charset.js';
import { type LuceneNode, walk } from './lucene-ast.js';
import { intervalToRe2 } from './lucene-interval.js';

/** RE2 rejects repeat counts above 1000 ("invalid repetition size"). */
const RE2_MAX_REPEAT = 1000;

/**
 * Refuses what Elasticsearch rejects after parsing, then what RE2 cannot express, in that
 * order so a query that would fail in Elasticsearch is reported as such first.
 */
export function checkTranslatable(root: LuceneNode): void {
  walk(root, (n) => {
    // why: RegexpQuery's default automaton provider knows no names, so Lucene fails with
    // "'name' not found" when it builds the automaton.
    if (n.kind === 'namedAutomaton') {
      throw new EqlRegexError(
        `Elasticsearch rejects this regex: '<${n.name}>' at ${n.offset} is a Lucene named automaton, which Elasticsearch does not define; escape '<' as '\\<' to match it literally, or write a numeric interval as <n-m>`,
        n.offset,
        true,
      );
    }
  });
  walk(root, (n) => {
    if (n.kind === 'intersection' || n.kind === 'complement') {
      const op = n.kind === 'intersection' ? "'&' (intersection)" : "'~' (complement)";
      throw new EqlRegexError(
        `cronwarden cannot evaluate Lucene ${op} at ${n.offset}: its linear-time engine (RE2) has no such operator. ` +
          `Rewrite the regex without it, or escape the character ('\\${op[1]}') if you meant it literally`,
        n.offset,
      );
    }
    if (n.kind === 'repeat' && Math.max(n.min, n.max ?? 0) > RE2_MAX_REPEAT) {
      throw new EqlRegexError(
        `cronwarden cannot evaluate the repeat count at ${n.offset}: RE2 allows at most ${RE2_MAX_REPEAT} ` +
          `(Elasticsearch itself often rejects such counts as too complex to determinize); use a smaller bound or '*' / '+'`,
        n.offset,
      );
    }
  });
}

/** The RE2 pattern for the node; never has a top-level `|`, so it concatenates safely. */
export function luceneToRe2(node: LuceneNode): string {
  switch (node.kind) {
    case 'set':
      return re2Set(node.set);
    case 'concat':
      return node.items.map(luceneToRe2).join('');
    case 'union':
      return `(?:${node.items.map(luceneToRe2).join('|')})`;
    case 'repeat': {
      const inner =
        node.item.kind === 'set' ? luceneToRe2(node.item) : `(?:${luceneToRe2(node.item)})`;
      return inner + quantifier(node.min, node.max);
    }
    case 'anyString':
      return '(?s:.*)';
    case 'emptyLanguage':
      return re2Set(EMPTY_SET);
    case 'interval':
      return `(?:${intervalToRe2(node.min, node.max, node.digits)})`;
    case 'intersection':
    case 'complement':
    case 'namedAutomaton':
      // why: checkTranslatable runs first; reaching this is a programming error.
      throw new Error(`untranslatable Lucene node ${node.kind}`);
  }
}

function quantifier(min: number, max: number | null): string {
  if (max === null) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}
