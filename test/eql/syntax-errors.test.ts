import { describe, expect, it } from 'vitest';
import { EqlSyntaxError, parseEql } from '../../src/eql/index.js';
import { thrown } from './helpers.js';

type Row = [query: string, line: number, column: number, message: string];

const VALUE = 'a value (string, number, boolean, null, field or function)';

const rows: Row[] = [
  ['any where x ==', 1, 15, `expected ${VALUE} but found end of query`],
  [
    'any where (a == "b"\n and c == 1\n  and (d == "e" where',
    3,
    17,
    'expected one of "and", "or", ")" but found "where"',
  ],
  [
    'any where a == "b" where',
    1,
    20,
    'expected one of "and", "or", end of query but found "where"',
  ],
  [
    '',
    1,
    1,
    'expected one of "sequence", an event category (any, a name or a string) but found end of query',
  ],
  ['any x == 1', 1, 5, 'expected "where" but found "x"'],
  ['any where', 1, 10, `expected ${VALUE} but found end of query`],
  [
    "any where x == 'single'",
    1,
    16,
    'use double quotes ["] to define string literals, not single quotes [\']',
  ],
  ['any where x == "open', 1, 16, 'unterminated string (strings cannot span lines)'],
  ['any where x == "a\nb"', 1, 16, 'unterminated string (strings cannot span lines)'],
  ['any where x == """raw', 1, 16, 'unterminated raw string (""" strings cannot span lines)'],
  [
    'any where x == ?"raw"',
    1,
    16,
    'use triple double quotes ["""] to define unescaped string literals, not [?"]',
  ],
  ['any where x = 1', 1, 13, 'use == or : to compare values, not ='],
  [
    'any where x == "\\u{1}"',
    1,
    17,
    'invalid unicode escape: \\u{…} takes 2 to 8 hexadecimal digits',
  ],
  [
    'any where x == "\\u{D800}"',
    1,
    17,
    'invalid unicode character code, [D800] is a surrogate code',
  ],
  ['any where x == "\\u{110000}"', 1, 17, 'invalid unicode character code [110000]'],
  ['any where x in "a"', 1, 16, 'expected "(" but found string "a"'],
  ['any where x in ("a" "b")', 1, 21, 'expected one of "and", "or", ",", ")" but found string "b"'],
  ['any where x like', 1, 17, 'expected a string but found end of query'],
  ['any where x like y', 1, 18, 'expected a string but found "y"'],
  ['any where x : ("a",)', 1, 20, 'expected a string but found ")"'],
  ['any where f(1', 1, 14, 'expected one of "and", "or", ",", ")" but found end of query'],
  [
    'any where f(x',
    1,
    14,
    'expected one of "in", "in~", ":", "like", "like~", "regex", "regex~", "==", "!=", "<", "<=", ">", ">=", "and", "or", ",", ")" but found end of query',
  ],
  ['any where x == 1 /* open', 1, 18, 'unterminated comment'],
  ['any where x == #', 1, 16, 'unexpected character "#"'],
  ['any where a.', 1, 13, 'expected a field name but found end of query'],
  ['any where a[0] == 1', 1, 12, 'array indexes in field names are not supported'],
  ['any where `open', 1, 11, 'unterminated back-quoted field name'],
  [
    'any where x not like "a"',
    1,
    13,
    'expected one of "in", "in~", ":", "like", "like~", "regex", "regex~", "==", "!=", "<", "<=", ">", ">=", "and", "or", end of query but found "not"',
  ],
  [
    'sequence [any where true]\n[any where true] until',
    2,
    23,
    'expected "[" but found end of query',
  ],
  [
    'sequence with maxspan=5m by x [any where true] [any where true]',
    1,
    26,
    'specify sequence [by] before [with maxspan], not after',
  ],
  ['sequence with maxspan [any where true]', 1, 23, 'expected "=" but found "["'],
  ['sequence by [any where true]', 1, 13, 'expected a field name but found "["'],
  ['sequence [any where true] with runs=x', 1, 37, 'expected a whole number but found "x"'],
  ['sequence [any where true] with limit=2', 1, 32, 'expected "runs" but found "limit"'],
  [
    'join [any where true] [any where true]',
    1,
    1,
    'join queries are not supported by Elasticsearch EQL; use sequence',
  ],
  ['any where x == 1 |', 1, 19, 'expected a pipe name (head, tail, …) but found end of query'],
];

describe('EQL syntax errors', () => {
  it.each(rows)('%j', (query, line, column, message) => {
    const e = thrown(() => parseEql(query));
    expect(e).toBeInstanceOf(EqlSyntaxError);
    expect({ line: e.line, column: e.column, message: e.message }).toEqual({
      line,
      column,
      message: `line ${line}, column ${column}: ${message}`,
    });
  });

  it('lists the expected tokens', () => {
    const e = thrown(() => parseEql('any where (a == 1 b')) as EqlSyntaxError;
    expect(e.expected).toEqual(['"and"', '"or"', '")"']);
  });
});
