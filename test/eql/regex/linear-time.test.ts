import { describe, expect, it } from 'vitest';
import { elastic, search } from './helpers.js';

// Catastrophic-backtracking shapes on 100k-character hostile values. RE2 runs them in linear
// time; the bound is the test runner's timeout, not a timing assertion.
const N = 100_000;
// [pattern, value, whole-value (elastic) result]
const HOSTILE: [string, string, boolean][] = [
  ['(a+)+$', `${'a'.repeat(N)}!`, false],
  ['(a|a)*b', 'a'.repeat(N), false],
  ['(a|aa)+c', 'a'.repeat(N), false],
  ['(.*a){20}', 'a'.repeat(N), true],
  ['(.*a){20}x', 'a'.repeat(N), false],
  ['(x+x+)+y', 'x'.repeat(N), false],
  ['(\\w+\\s?)*$', `${'word '.repeat(N / 5)}!`, false],
  ['.*.*.*.*.*=.*', 'x'.repeat(N), false],
];

describe('linear time on hostile values', () => {
  it.each(HOSTILE)('search %j', (pattern, value) => {
    expect(typeof search(pattern).test(value)).toBe('boolean');
    const span = search(pattern, true).locate(value);
    expect(span === null || span.end <= value.length).toBe(true);
  });

  it.each(HOSTILE)('elastic %j', (pattern, value, expected) => {
    // why: '$' is a literal in Lucene; the shapes still exercise nested repetition.
    expect(elastic(pattern).test(value)).toBe(expected);
    expect(elastic(pattern, true).test(value)).toBe(expected);
  });

  it('matches when it should, on long values', () => {
    expect(elastic('(.*a){20}').test('a'.repeat(N))).toBe(true);
    expect(elastic('(a+)+').test('a'.repeat(N))).toBe(true);
    expect(search('(a+)+$').test('a'.repeat(N))).toBe(true);
  });
});
