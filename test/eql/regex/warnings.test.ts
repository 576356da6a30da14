import { describe, expect, it } from 'vitest';
import { elastic, MESSAGE } from './helpers.js';

const codes = (pattern: string, ci = false, edges = {}) =>
  elastic(pattern, ci, edges).warnings.map((w) => [w.code, w.offset]);

// [pattern, expected [code, offset] pairs] without value edges.
const SYNTAX: [string, [string, number][]][] = [
  ['(?i)abc', [['EQL_REGEX_PCRE_SYNTAX', 0]]],
  ['x(?:ab|cd)', [['EQL_REGEX_PCRE_SYNTAX', 1]]],
  ['(?s).*', [['EQL_REGEX_PCRE_SYNTAX', 0]]],
  ['^abc', [['EQL_REGEX_PCRE_SYNTAX', 0]]],
  ['abc$', [['EQL_REGEX_PCRE_SYNTAX', 3]]],
  [
    '^a$',
    [
      ['EQL_REGEX_PCRE_SYNTAX', 0],
      ['EQL_REGEX_PCRE_SYNTAX', 2],
    ],
  ],
  ['(a)\\1', [['EQL_REGEX_PCRE_SYNTAX', 3]]],
  ['*.exe', [['EQL_REGEX_LITERAL_OPERATOR', 0]]],
  ['a|*b', [['EQL_REGEX_LITERAL_OPERATOR', 2]]],
  ['a||b', [['EQL_REGEX_LITERAL_OPERATOR', 2]]],
  ['user@example\\.com', [['EQL_REGEX_LUCENE_OPERATOR', 4]]],
  [
    '#tag',
    [
      ['EQL_REGEX_LUCENE_OPERATOR', 0],
      ['EQL_REGEX_NEVER_MATCHES', 0],
    ],
  ],
  ['user\\@example\\.com', []],
  ['"#tag"', []],
  // no warning: lazy / possessive quantifiers denote the same language in Lucene
  ['a*?b', []],
  ['a++', []],
  // no warning: escaped or quoted reserved characters, '^' negating a class
  ['\\^\\$\\*', []],
  ['"^$*"', []],
  ['[^a]', []],
  ['[a$^]', []],
  ['\\0', []],
];

describe('elastic dialect: syntax warnings', () => {
  it.each(SYNTAX)('%j', (pattern, expected) => {
    expect(codes(pattern)).toEqual(expected);
  });

  it('explains (?i) and points at regex~', () => {
    const [w] = elastic('(?i)curl').warnings;
    expect(w?.message).toContain("literal '?'");
    expect(w?.message).toContain('regex~');
  });
});

// [pattern, case-insensitive, edges, warns NEVER_MATCHES]
const NEVER: [string, boolean, { valueStartsWith?: string; valueEndsWith?: string }, boolean][] = [
  ['privileged.*true', false, MESSAGE, true],
  ['.*privileged.*true.*', false, MESSAGE, false],
  ['\\{.*', false, MESSAGE, false],
  ['[{x].*[}y]', false, MESSAGE, false],
  ['.*true', false, MESSAGE, true], // cannot end with '}'
  ['\\{.*true', false, { valueStartsWith: '{' }, false], // no end constraint given
  ['(a|\\{).*}?', false, MESSAGE, false], // '}?' is nullable, '.*' may end with '}'
  ['\\W.*\\W', false, MESSAGE, false],
  ['@', false, MESSAGE, false],
  ['a@', false, MESSAGE, true],
  ['"{"@', false, MESSAGE, false],
  ['()', false, MESSAGE, true],
  ['x?', false, MESSAGE, true],
  ['<1-9>', false, { valueStartsWith: '5' }, false],
  ['<1-9>', false, { valueStartsWith: 'x' }, true],
  ['k.*', true, { valueStartsWith: 'K' }, false], // folded
  ['[a-z].*', true, { valueStartsWith: 'K' }, true], // ranges are not folded
  ['#', false, {}, true], // empty language
  ['a#|#', false, {}, true],
];

describe('elastic dialect: EQL_REGEX_NEVER_MATCHES', () => {
  it.each(NEVER)('%j (ci=%s, %j) -> %s', (pattern, ci, edges, warns) => {
    const found = elastic(pattern, ci, edges).warnings.filter(
      (w) => w.code === 'EQL_REGEX_NEVER_MATCHES',
    );
    expect(found.length).toBe(warns ? 1 : 0);
    if (warns) expect(found[0]?.offset).toBe(0);
  });

  it('suggests the wrapped regex', () => {
    const [w] = elastic('privileged.*true', false, MESSAGE).warnings;
    expect(w?.message).toBe(
      "regex must match the whole value and this field's values always start with '{' and end with '}': " +
        'this can never match; in Elasticsearch wrap it as `.*privileged.*true.*`',
    );
    const union = elastic('/proc|/sys', false, MESSAGE).warnings[0];
    expect(union?.message).toContain('`.*(/proc|/sys).*`');
    // only the failing side gets '.*'
    const [end] = elastic('\\{.*true', false, MESSAGE).warnings;
    expect(end?.message).toContain("always end with '}'");
    expect(end?.message).toContain('`\\{.*true.*`');
    const [flagged] = elastic('(?i)(alpine|curl)', true, MESSAGE).warnings.slice(1);
    expect(flagged?.message).toContain('`.*(alpine|curl).*`, dropping (?i)');
  });

  it('says an empty language can never match', () => {
    const found = elastic('#').warnings.find((w) => w.code === 'EQL_REGEX_NEVER_MATCHES');
    expect(found?.message).toContain('language is empty');
  });
});

describe('elastic dialect: length limit', () => {
  it('warns past index.max_regex_length (1000)', () => {
    expect(codes('a'.repeat(1001))).toEqual([['EQL_REGEX_TOO_LONG', 1000]]);
    expect(codes('a'.repeat(1000))).toEqual([]);
  });
});
