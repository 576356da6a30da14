import { describe, expect, it } from 'vitest';
import { compileError, search } from './helpers.js';

// [pattern, regex~, value, expected match span or null]
const CASES: [string, boolean, string, [number, number] | null][] = [
  ['privileged.*true', false, 'x privileged: true', [2, 18]],
  ['abc', false, 'xxabcxx', [2, 5]],
  ['^abc', false, 'xabc', null],
  ['^abc$', false, 'abc', [0, 3]],
  ['abc$', false, 'abc\n', null], // RE2's $ is the end of text
  ['(?i)alpine', false, 'ALPINE', [0, 6]],
  ['alpine', true, 'x AlPiNe', [2, 8]],
  ['café', true, 'CAFÉ', [0, 4]], // search uses RE2's Unicode case folding
  ['(?s)a.b', false, 'a\nb', [0, 3]],
  ['a.b', false, 'a\nb', null], // PCRE default: '.' stops at newline
  ['\\bcurl\\b', false, 'run curl now', [4, 8]],
  ['\\bcurl\\b', false, 'libcurl', null],
  ['\\d{3}', false, 'port 8080', [5, 8]],
  ['a*?b', false, 'aaab', [0, 4]],
  ['(?P<x>ab)|(?<y>cd)', false, 'xcd', [1, 3]],
  ['[^a]', false, 'aab', [2, 3]],
  ['\\x41', false, 'zA', [1, 2]],
  ['', false, 'anything', [0, 0]],
  ['b+', false, '😀abbbc', [3, 6]], // UTF-16 offsets
];

describe('search dialect: PCRE-style, searched anywhere', () => {
  it.each(CASES)('%j (ci=%s) on %j', (pattern, ci, value, span) => {
    const re = search(pattern, ci);
    expect(re.test(value)).toBe(span !== null);
    expect(re.locate(value)).toEqual(span && { start: span[0], end: span[1] });
    expect(re.warnings).toEqual([]);
  });
});

// [pattern, offset, construct named in the message]
const UNSUPPORTED: [string, number, string][] = [
  ['foo(?=bar)', 3, 'look-around'],
  ['foo(?!bar)', 3, 'look-around'],
  ['(?<=foo)bar', 0, 'look-around'],
  ['(?<!foo)bar', 0, 'look-around'],
  ['(a)\\1', 3, 'back-reference'],
  ['(?<n>a)\\k<n>', 7, 'back-reference'],
  ['(?>a+)b', 0, 'atomic group'],
  ['a++b', 2, 'possessive quantifier'],
  ['a*+b', 2, 'possessive quantifier'],
  ['a{2}+b', 4, 'possessive quantifier'],
  ['(?R)', 0, 'recursion'],
  ['(?(1)a|b)', 0, 'conditional'],
];

describe('search dialect: constructs RE2 cannot run', () => {
  it.each(UNSUPPORTED)('%j', (pattern, offset, construct) => {
    const err = compileError(() => search(pattern));
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(construct);
    expect(err.message).toContain('linear time');
  });

  it('does not mistake escapes or class members for those constructs', () => {
    expect(search('\\(?=x').test('=x')).toBe(true);
    expect(search('[(?=]+').test('?=(')).toBe(true);
    expect(search('a+?b').test('aab')).toBe(true);
    expect(search('[]+]+').test('+]')).toBe(true);
    expect(search('\\\\1').test('\\1')).toBe(true);
  });

  it('reports other RE2 syntax errors with an offset', () => {
    const err = compileError(() => search('ab\\Z'));
    expect(err.message).toContain('invalid escape sequence');
    expect(err.offset).toBe(2);
    expect(compileError(() => search('(ab')).message).toContain('missing )');
  });
});
