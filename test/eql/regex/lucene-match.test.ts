import { describe, expect, it } from 'vitest';
import { elastic } from './helpers.js';

// [pattern, value, matches] for the elastic dialect, case-sensitive. Each row is what Lucene's
// RegExp (9.x, flags ALL) accepts; rows marked "quirk" follow its parser, not PCRE.
const CASES: [string, string, boolean][] = [
  // whole-value matching
  ['abc', 'abc', true],
  ['abc', 'xabc', false],
  ['abc', 'abcx', false],
  ['abc', 'abc\n', false],
  ['', '', true],
  ['', 'a', false],
  // union, concatenation, groups
  ['a|b', 'b', true],
  ['a|b', 'ab', false],
  ['ab|cd', 'cd', true],
  ['(ab|cd)e', 'cde', true],
  ['(ab|cd)e', 'ce', false],
  ['a()b', 'ab', true],
  ['()', '', true],
  ['((a))', 'a', true],
  // repeats
  ['ab?', 'a', true],
  ['ab?', 'abb', false],
  ['ab*', 'abbbb', true],
  ['ab+', 'a', false],
  ['ab+', 'abb', true],
  ['a{3}', 'aaa', true],
  ['a{3}', 'aa', false],
  ['a{2,}', 'aaaaa', true],
  ['a{2,}', 'a', false],
  ['a{2,3}', 'aaa', true],
  ['a{2,3}', 'aaaa', false],
  ['a{0}', '', true],
  ['(ab){2}', 'abab', true],
  ['a*?', 'aaa', true], // lazy in PCRE; Lucene reads (a*)?, same language
  ['a++', 'aaa', true], // possessive in PCRE; Lucene reads (a+)+
  ['a{2}{3}', 'aaaaaa', true],
  // `.` is any code point, newline and astral characters included
  ['a.c', 'a\nc', true],
  ['a.c', 'a😀c', true],
  ['a.c', 'ac', false],
  ['.*', '', true],
  ['.+', 'anything at all', true],
  // character classes
  ['[abc]', 'b', true],
  ['[abc]', 'd', false],
  ['[a-z]+', 'hello', true],
  ['[a-z]+', 'Hello', false],
  ['[^a-z]', 'A', true],
  ['[^a-z]', 'q', false],
  ['[^a]', '\n', true],
  ['[]a]', ']', true], // quirk: the first item always takes a character, ']' included
  ['[a^]', '^', true],
  ['[\\]]', ']', true],
  ['[\\-a]', '-', true],
  ['[a\\-z]', 'b', false],
  ['[.]', 'x', false],
  ['[\\d]', '7', true],
  ['[\\w-]', '-', true],
  ['[é-ü]', 'ö', true],
  ['[😀-😂]', '😁', true],
  // escapes and predefined classes
  ['a\\.b', 'a.b', true],
  ['a\\.b', 'axb', false],
  ['\\\\', '\\', true],
  ['\\d+', '0123', true],
  ['\\d', '٣', false], // ASCII digits only
  ['\\D', 'x', true],
  ['\\s', '\t', true],
  ['\\s', '\f', false], // Lucene's \s is only space, \t, \n, \r
  ['\\S', ' ', false],
  ['\\w+', 'a_Z9', true],
  ['\\w', 'é', false],
  ['\\W', '-', true],
  ['\\1', '1', true], // quirk: no back-references, \1 is the digit
  ['\\+', '+', true],
  ['\\@\\#\\&\\~\\<', '@#&~<', true],
  // quoted strings: nothing inside is special
  ['"a.b"', 'a.b', true],
  ['"a.b"', 'axb', false],
  ['"john@smith.com"', 'john@smith.com', true],
  ['"a\\"', 'a\\', true], // quirk: '\' does not escape inside quotes
  ['""', '', true],
  ['"ab"+', 'ababab', true],
  // optional operators (all on in Elasticsearch)
  ['@', 'whatever\n', true],
  ['a@', 'anything', true],
  ['a@', 'b', false],
  ['#', '', false],
  ['#|a', 'a', true],
  ['a#', 'a', false],
  ['<1-10>', '7', true],
  ['<1-10>', '010', true], // unequal bound lengths: any leading zeros
  ['<1-10>', '11', false],
  ['<01-10>', '07', true], // equal bound lengths: exactly that many digits
  ['<01-10>', '7', false],
  ['<01-10>', '007', false],
  ['<10-1>', '5', true], // reversed bounds are swapped
  ['port<8000-8080>', 'port8080', true],
  ['port<8000-8080>', 'port8081', false],
  // reserved characters read literally where an expression is expected (quirks)
  ['*a', '*a', true],
  ['+', '+', true],
  ['?i', '?i', true],
  ['(?i)abc', '?iabc', true],
  ['(?i)abc', 'abc', false],
  ['(?:abc)', '?:abc', true],
  ['a||b', 'a', true],
  ['a||b', '|b', true],
  ['|a', '|a', true],
  [')a', ')a', true],
  ['{a}', '{a}', true],
  [']', ']', true],
  ['}', '}', true],
  ['^abc$', '^abc$', true], // no anchors in Lucene
  ['^abc$', 'abc', false],
  ['-', '-', true],
  // non-ASCII
  ['café', 'café', true],
  ['😀+', '😀😀', true],
];

describe('elastic dialect: Lucene syntax, whole-value match', () => {
  it.each(CASES)('%j on %j -> %s', (pattern, value, expected) => {
    const re = elastic(pattern);
    expect(re.test(value)).toBe(expected);
    expect(re.locate(value)).toEqual(expected ? { start: 0, end: value.length } : null);
  });
});

// [pattern, value, matches] with regex~ (Lucene ASCII_CASE_INSENSITIVE).
const INSENSITIVE: [string, string, boolean][] = [
  ['alpine', 'ALPINE', true],
  ['alpine', 'AlPiNe', true],
  ['"Curl"', 'cURL', true],
  ['[abc]+', 'ABC', true], // single characters in a class are folded
  ['[a-c]+', 'ABC', false], // ranges are not (Lucene 9 folds REGEXP_CHAR only)
  ['[^a]', 'A', false], // folded before negation: excludes both cases
  ['[^a-z]', 'A', true],
  ['\\w', 'A', true],
  ['café', 'CAFÉ', false], // non-ASCII letters are not folded
  ['CAFÉ', 'cafÉ', true],
  ['straße', 'STRASSE', false],
  ['k', 'K', true],
  ['k', '\u212a', false], // Kelvin sign: not ASCII
  ['<1-5>', '3', true],
  ['(?i)abc', '?IABC', true],
];

describe('elastic dialect: regex~ folds ASCII letters only', () => {
  it.each(INSENSITIVE)('%j on %j -> %s', (pattern, value, expected) => {
    expect(elastic(pattern, true).test(value)).toBe(expected);
  });

  it('is case-sensitive without ~', () => {
    expect(elastic('alpine').test('ALPINE')).toBe(false);
  });
});
