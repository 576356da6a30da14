import { describe, expect, it } from 'vitest';
import { compileError, elastic } from './helpers.js';

// [pattern, offset, message fragment]: patterns Elasticsearch (Lucene RegExp, flags ALL) rejects.
const REJECTED: [string, number, string][] = [
  ['(abc', 0, "group '(' at 0 is not closed"],
  ['a(b(c)', 1, "group '(' at 1 is not closed"],
  ['(a|)', 0, 'empty alternative'], // the ')' after '|' is read as a literal
  ['a)', 1, "unbalanced ')' at 1"],
  ['(a))', 3, "unbalanced ')' at 3"],
  ['a{3,1}', 1, 'out of order'],
  ['a{', 1, 'not followed by a repeat count'],
  ['a{,3}', 1, 'not followed by a repeat count'],
  ['a{x}', 1, 'not followed by a repeat count'],
  ['a{3', 1, "not closed by '}'"],
  ['a{3,4', 1, "not closed by '}'"],
  ['a{99999999999}', 1, 'too large'],
  ['a\\', 1, "lone '\\'"],
  ['\\', 0, "lone '\\'"],
  ['[abc', 0, "class '[' at 0 is not closed"],
  ['[]', 0, "class '[' at 0 is not closed"], // ']' right after '[' is a member
  ['[^', 2, 'ends where an expression is expected'],
  ['[z-a]', 1, "class range 'z-a' at 1 goes backwards"],
  ['[a-]', 1, "class range 'a-]' at 1 goes backwards"], // the ']' became the range end
  ['"abc', 0, "quoted string '\"' at 0 is not closed"],
  ['a|', 2, "after '|' at 1"],
  ['a(', 2, "after '(' at 1"],
  ['ab~', 3, "after '~' at 2"],
  ['\\b', 0, "'\\b' at 0 is not Lucene syntax"],
  ['foo\\Bbar', 3, "'\\B' at 3"],
  ['\\Afoo\\z', 0, "'\\A'"],
  ['a\\nb', 1, "'\\n'"],
  ['\\x41', 0, "'\\x'"],
  ['\\p{L}', 0, "'\\p'"],
  ['[\\t]', 1, "'\\t'"],
  ['<1-', 0, 'never closed'],
  ['<a-b>', 0, 'is not a numeric interval'],
  ['<1-2-3>', 0, 'is not a numeric interval'],
  ['<-5>', 0, 'is not a numeric interval'],
  ['<5->', 0, 'is not a numeric interval'],
  ['<1-99999999999>', 0, 'is not a numeric interval'],
  ['<foo>', 0, 'named automaton'],
  ['(?<name>x)', 2, 'named automaton'], // PCRE named group: `<name>` is Lucene's automaton syntax
];

describe('elastic dialect: patterns Elasticsearch rejects', () => {
  it.each(REJECTED)('%j fails at %i', (pattern, offset, fragment) => {
    const err = compileError(() => elastic(pattern));
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(fragment);
    expect(err.message).toContain('Elasticsearch rejects this regex');
  });
});

// Accepted by Elasticsearch but beyond RE2: refused honestly, with the offset.
const UNSUPPORTED: [string, number, string][] = [
  ['a&b', 1, "'&' (intersection)"],
  ['.*a.*&.*b.*', 5, "'&' (intersection)"],
  ['~a', 0, "'~' (complement)"],
  ['x~(ab)', 1, "'~' (complement)"],
  ['[a&b]', -1, ''], // inside a class '&' is an ordinary member
  ['a{1001}', 1, 'at most 1000'],
  ['a{2,5000}', 1, 'at most 1000'],
  ['((a{100}){100}){100}', 0, 'RE2'],
];

describe('elastic dialect: Lucene operators cronwarden cannot run', () => {
  it.each(UNSUPPORTED)('%j', (pattern, offset, fragment) => {
    if (offset < 0) {
      expect(elastic(pattern).test('&')).toBe(true);
      return;
    }
    const err = compileError(() => elastic(pattern));
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(fragment);
    expect(err.message).toContain('cronwarden cannot evaluate');
  });

  it('reports an Elasticsearch syntax error before an unsupported operator', () => {
    expect(compileError(() => elastic('a&b)')).message).toContain("unbalanced ')'");
    expect(compileError(() => elastic('~a|<x>')).message).toContain('named automaton');
  });
});
