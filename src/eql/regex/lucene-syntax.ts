import { EqlRegexError, type EqlRegexWarning } from './types.js';
import { type CharSet, negate, range, union } from './charset.js';
import type { LuceneNode } from './lucene-ast.js';

// Pure pieces of the Lucene regex syntax, from apache/lucene lucene/core/src/java/org/apache/
// lucene/util/automaton/RegExp.java (9.x, the line Elasticsearch 8.x ships).

export const PCRE_SYNTAX = 'EQL_REGEX_PCRE_SYNTAX';
export const LITERAL_OPERATOR = 'EQL_REGEX_LITERAL_OPERATOR';
export const LUCENE_OPERATOR = 'EQL_REGEX_LUCENE_OPERATOR';
export const INT_MAX = 2147483647;

const DIGIT: CharSet = range(0x30, 0x39);
const SPACE: CharSet = union(range(0x20, 0x20), range(0x09, 0x0a), range(0x0d, 0x0d));
const WORD: CharSet = union(DIGIT, range(0x41, 0x5a), range(0x61, 0x7a), range(0x5f, 0x5f));
// why: Lucene 9.x/10.x expand \d \s \w (and negations) to these ASCII-only classes; \s is only
// space, tab, newline and carriage return.
export const PREDEFINED: Readonly<Record<string, CharSet>> = {
  d: DIGIT,
  D: negate(DIGIT),
  s: SPACE,
  S: negate(SPACE),
  w: WORD,
  W: negate(WORD),
};

export function reject(offset: number, what: string, todo: string): EqlRegexError {
  return new EqlRegexError(`Elasticsearch rejects this regex: ${what}; ${todo}`, offset, true);
}

/** Warning for a character Lucene read literally that a PCRE author meant as an operator. */
export function literalWarning(
  ch: string,
  escaped: boolean,
  offset: number,
): EqlRegexWarning | null {
  if (escaped) {
    if (!/^[1-9]$/.test(ch)) return null;
    const message = `'\\${ch}' is not a back-reference in Lucene: it matches the digit '${ch}'`;
    return { code: PCRE_SYNTAX, offset, message };
  }
  if (ch === '^' || ch === '$') {
    const message =
      `'${ch}' is a literal character in Lucene, not an anchor: the regex always matches the ` +
      `whole value, so drop it (write '.*' where other text may appear)`;
    return { code: PCRE_SYNTAX, offset, message };
  }
  if ('*+?{|)'.includes(ch)) {
    // why: where an expression is expected Lucene reads any character literally, operators too.
    const message =
      `'${ch}' has nothing before it to apply to, so Lucene matches a literal '${ch}' here; ` +
      `escape it as '\\${ch}' if that is intended`;
    return { code: LITERAL_OPERATOR, offset, message };
  }
  return null;
}

/**
 * why: with Elasticsearch's flags an unescaped `@` is "any string" and `#` the empty language,
 * so `user@example` and `#tag` do not mean what they look like.
 */
export function operatorWarning(ch: string, offset: number): EqlRegexWarning {
  const meaning = ch === '@' ? 'any string (like .*)' : 'the empty language (it matches nothing)';
  const message = `unescaped '${ch}' is Lucene's operator for ${meaning}; write '\\${ch}' to match a literal '${ch}'`;
  return { code: LUCENE_OPERATOR, offset, message };
}

/**
 * why: Lucene has no `(?…)` groups: the `?` finds no expression to repeat and is read as a
 * literal, so `(?i)x` matches exactly "?ix" and `(?:x)` exactly "?:x".
 */
export function pcreGroupWarning(src: string, offset: number): EqlRegexWarning {
  const text = /^\(\?[^)]{0,8}\)?/.exec(src.slice(offset))?.[0] ?? '(?';
  const flagHint = /^\(\?[a-z-]+\)$/.test(text)
    ? '; for case-insensitive matching use regex~ and drop the flag group'
    : '';
  const message =
    `'${text}' is PCRE syntax: Lucene has no inline flags or special groups and reads it as a ` +
    `group starting with a literal '?'${flagHint}`;
  return { code: PCRE_SYNTAX, offset, message };
}

/** The inside of `<…>`: a numeric interval `n-m`, or (no dash) a named automaton. */
export function angleNode(body: string, offset: number): LuceneNode {
  const dash = body.indexOf('-');
  if (dash < 0) return { kind: 'namedAutomaton', name: body, offset };
  const lo = body.slice(0, dash);
  const hi = body.slice(dash + 1);
  // why: bounds go through Integer.parseInt: an optional '+', digits, at most 2^31-1; a second
  // '-' or an empty bound is an "interval syntax error".
  const num = /^\+?[0-9]+$/;
  if (!num.test(lo) || !num.test(hi) || Number(lo) > INT_MAX || Number(hi) > INT_MAX) {
    const what = `'<${body}>' at ${offset} is not a numeric interval <n-m> such as <1-100>`;
    throw reject(offset, what, "escape '<' as '\\<' to match it literally");
  }
  // why: bounds written with the same length (sign included) fix the digit count, so <01-10>
  // needs exactly two digits; reversed bounds are swapped, not rejected.
  const digits = lo.length === hi.length ? lo.length : 0;
  const [min, max] = [Number(lo), Number(hi)].sort((a, b) => a - b) as [number, number];
  return { kind: 'interval', min, max, digits, offset };
}

/**
 * why: in Lucene 9.x and 10.x a backslash before an ASCII letter other than d s w D S W is an error
 * ("invalid character class"), so PCRE's \b \A \z \n \t \x41 \p{L} fail in Elasticsearch.
 */
export function badLetterEscape(ch: string, offset: number): EqlRegexError {
  const what = `'\\${ch}' at ${offset} is not Lucene syntax (the only letter escapes are \\d \\s \\w \\D \\S \\W)`;
  const todo =
    'drop anchors such as \\b \\A \\z (the regex always matches the whole value) and write other characters literally';
  return reject(offset, what, todo);
}

/** `{n}`, `{n,}` or `{n,m}` starting at `offset` (the `{`); `max` null means unbounded. */
export function repeatBounds(
  src: string,
  offset: number,
): { min: number; max: number | null; end: number } {
  const m = /^\{([0-9]*)(?:(,)([0-9]*))?/.exec(src.slice(offset))!;
  const [text, lo = '', comma, hi = ''] = m;
  if (lo === '') {
    const todo = "write {n}, {n,} or {n,m}, or escape it as '\\{'";
    throw reject(offset, `'{' at ${offset} is not followed by a repeat count`, todo);
  }
  const end = offset + text.length;
  if (src[end] !== '}') {
    throw reject(
      offset,
      `repeat '{' at ${offset} is not closed by '}'`,
      'write {n}, {n,} or {n,m}',
    );
  }
  // why: counts go through Integer.parseInt, whose NumberFormatException rejects the query.
  if (Number(lo) > INT_MAX || Number(hi) > INT_MAX) {
    throw reject(offset, `repeat count at ${offset} is too large`, 'use a smaller count');
  }
  const min = Number(lo);
  const max = comma ? (hi === '' ? null : Number(hi)) : min;
  // why: current Lucene 9.x and 10.x reject this ("invalid repetition range(out of order)");
  // older 9.x builds built an empty automaton instead. Which ES 8 minor changed is unverified.
  if (max !== null && min > max) {
    throw reject(
      offset,
      `repeat {${min},${max}} at ${offset} has its bounds out of order`,
      `write {${max},${min}}`,
    );
  }
  return { min, max, end: end + 1 };
}
