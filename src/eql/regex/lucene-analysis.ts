import { ANY_CHAR, type CharSet, EMPTY_SET, has, isEmptySet, range, union } from './charset.js';
import type { LuceneNode } from './lucene-ast.js';
import { parseLucene } from './lucene-parse.js';
import type { EqlRegexWarning } from './types.js';

export const NEVER_MATCHES = 'EQL_REGEX_NEVER_MATCHES';

/**
 * What a node's language can look like: whether it is empty, whether it holds the empty
 * string, and which characters its non-empty strings can start and end with. The sets are
 * over-approximations, so a character missing from them really cannot occur there.
 */
export interface Shape {
  empty: boolean;
  nullable: boolean;
  first: CharSet;
  last: CharSet;
}

const EMPTY: Shape = { empty: true, nullable: false, first: EMPTY_SET, last: EMPTY_SET };
const EPSILON: Shape = { empty: false, nullable: true, first: EMPTY_SET, last: EMPTY_SET };
const ANYTHING: Shape = { empty: false, nullable: true, first: ANY_CHAR, last: ANY_CHAR };

export function shapeOf(node: LuceneNode): Shape {
  switch (node.kind) {
    case 'set':
      return isEmptySet(node.set)
        ? EMPTY
        : { empty: false, nullable: false, first: node.set, last: node.set };
    case 'concat':
      return node.items.map(shapeOf).reduce(concatShapes, EPSILON);
    case 'union': {
      const shapes = node.items.map(shapeOf).filter((s) => !s.empty);
      if (shapes.length === 0) return EMPTY;
      return {
        empty: false,
        nullable: shapes.some((s) => s.nullable),
        first: union(...shapes.map((s) => s.first)),
        last: union(...shapes.map((s) => s.last)),
      };
    }
    case 'repeat': {
      const inner = shapeOf(node.item);
      if (node.max === 0) return EPSILON;
      if (inner.empty) return node.min === 0 ? EPSILON : EMPTY;
      return { ...inner, nullable: node.min === 0 || inner.nullable };
    }
    case 'anyString':
      return ANYTHING;
    case 'emptyLanguage':
      return EMPTY;
    case 'interval': {
      const digits = range(0x30, 0x39);
      return { empty: false, nullable: false, first: digits, last: digits };
    }
    default:
      // why: intersection/complement/named automata are refused before analysis; be safe anyway.
      return ANYTHING;
  }
}

function concatShapes(a: Shape, b: Shape): Shape {
  if (a.empty || b.empty) return EMPTY;
  return {
    empty: false,
    nullable: a.nullable && b.nullable,
    first: a.nullable ? union(a.first, b.first) : a.first,
    last: b.nullable ? union(a.last, b.last) : b.last,
  };
}

/**
 * EQL_REGEX_NEVER_MATCHES: the language is empty, or no string of it can start (end) with the
 * character every value of the field starts (ends) with.
 */
export function neverMatchWarnings(
  pattern: string,
  root: LuceneNode,
  valueStartsWith: string | undefined,
  valueEndsWith: string | undefined,
): EqlRegexWarning[] {
  const shape = shapeOf(root);
  if (shape.empty) {
    return [
      {
        code: NEVER_MATCHES,
        offset: 0,
        message:
          "this regex's language is empty (for example an unescaped '#', Lucene's empty language): it can never match",
      },
    ];
  }
  const problems: string[] = [];
  const start = valueStartsWith ? valueStartsWith.codePointAt(0) : undefined;
  const badStart = start !== undefined && !has(shape.first, start);
  if (badStart) problems.push(`start with ${quoteChar(start)}`);
  const end = valueEndsWith ? Array.from(valueEndsWith).pop()?.codePointAt(0) : undefined;
  const badEnd = end !== undefined && !has(shape.last, end);
  if (badEnd) problems.push(`end with ${quoteChar(end)}`);
  if (problems.length === 0) return [];
  const wrap = { start: badStart, end: badEnd };
  return [
    {
      code: NEVER_MATCHES,
      offset: 0,
      message:
        `regex must match the whole value and this field's values always ${problems.join(' and ')}: ` +
        `this can never match; in Elasticsearch wrap it as ${suggestWrap(pattern, root, wrap)}`,
    },
  ];
}

function quoteChar(cp: number): string {
  return `'${String.fromCodePoint(cp)}'`;
}

/** `.*p.*`, grouping a top-level union and dropping a PCRE flag group Lucene would not honour. */
function suggestWrap(
  pattern: string,
  root: LuceneNode,
  wrap: { start: boolean; end: boolean },
): string {
  const flags = /^\(\?[a-zA-Z]+\)/.exec(pattern);
  const body = flags ? pattern.slice(flags[0].length) : pattern;
  const inner = topLevelUnion(flags ? reparse(body) : root) ? `(${body})` : body;
  const wrapped = `\`${wrap.start ? '.*' : ''}${inner}${wrap.end ? '.*' : ''}\``;
  return flags ? `${wrapped}, dropping ${flags[0]} (use regex~ for case-insensitivity)` : wrapped;
}

/** why: groups leave no node, so only a union starting at offset 0 is unparenthesised. */
function topLevelUnion(root: LuceneNode | null): boolean {
  return root === null || (root.kind === 'union' && root.offset === 0);
}

function reparse(body: string): LuceneNode | null {
  try {
    return parseLucene(body, false).root;
  } catch {
    return null;
  }
}
