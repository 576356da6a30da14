import { describe, expect, it } from 'vitest';
import { compileEql, EqlCompileError } from '../../src/eql/index.js';
import { thrown } from './helpers.js';

type Row = [query: string, line: number, column: number, message: string];

const rows: Row[] = [
  ['any where nosuch(x)', 1, 11, 'unknown function [nosuch]'],
  ['any where length~(x) > 1', 1, 11, 'function [length] has no case-insensitive (~) form'],
  ['any where length(x, y) > 1', 1, 11, 'function [length] expects 1 arguments but got 2'],
  ['any where startsWith(x)', 1, 11, 'function [startsWith] expects 2 arguments but got 1'],
  ['any where substring(x)', 1, 11, 'function [substring] expects 2 to 3 arguments but got 1'],
  ['any where cidrMatch(x)', 1, 11, 'function [cidrMatch] expects at least 2 arguments but got 1'],
  [
    'any where cidrMatch(ip, "10.0.0.0/33")',
    1,
    25,
    'function [cidrMatch]: "10.0.0.0/33" is not a valid CIDR block',
  ],
  [
    'any where cidrMatch(ip, other)',
    1,
    25,
    'function [cidrMatch]: a CIDR block must be a constant string',
  ],
  [
    'any where wildcard(x, y)',
    1,
    23,
    'function [wildcard]: a wildcard pattern must be a constant string',
  ],
  ['any where length(x)', 1, 11, 'function [length] returns a number, not true or false'],
  [
    'any where a == b',
    1,
    13,
    'comparing a field to another field is not supported by EQL: [a == b]',
  ],
  ['any where x in ("a", y)', 1, 22, 'comparing a field to another field is not supported by EQL'],
  ['any where x like 5', 1, 18, '[like] can only be used with strings'],
  ['any where "text"', 1, 11, 'a condition must be true or false, not ["text"]'],
  ['any where x + 1', 1, 11, 'a condition must be true or false, not [x + 1]'],
  [
    'any where x == 1 | head 5',
    1,
    18,
    'pipes ([| head]) are not supported for detection: every match is reported',
  ],
  [
    'sample by h [any where true] [any where true]',
    1,
    1,
    'sample queries are not supported for detection',
  ],
  ['sequence [any where true]', 1, 1, 'a sequence requires a minimum of 2 steps, found [1]'],
  [
    'sequence with maxspan=5 [any where true] [any where true]',
    1,
    15,
    'maxspan [5] has no time unit: use one of ms, s, m, h, d (e.g. 5s)',
  ],
  [
    'sequence with maxspan=5y [any where true] [any where true]',
    1,
    15,
    'unknown maxspan time unit [y]: use one of ms, s, m, h, d (or micros, nanos)',
  ],
  [
    'sequence with maxspan=1.5h [any where true] [any where true]',
    1,
    15,
    'maxspan must be a whole number with a unit, not [1.5]',
  ],
  [
    'sequence with maxspan=0s [any where true] [any where true]',
    1,
    15,
    'maxspan must be greater than zero',
  ],
  [
    'sequence [any where true] by a [any where true]',
    1,
    32,
    'inconsistent number of join keys: expected [1] but found [0]',
  ],
  [
    'sequence [any where true] [any where true] by a, b',
    1,
    47,
    'inconsistent number of join keys: expected [0] but found [2]',
  ],
  [
    'sequence [any where true] with runs=0 [any where true]',
    1,
    32,
    'runs must be between 1 and 100, not [0]',
  ],
  [
    'sequence [any where true] ![any where true]',
    1,
    27,
    'missing-event steps (![ … ]) are not supported for detection',
  ],
  ['any where x regex "a&b"', 1, 21, ''],
];

describe('EQL compile errors', () => {
  it.each(rows)('%j', (query, line, column, message) => {
    const e = thrown(() => compileEql(query, { dialect: 'elastic' }));
    expect(e).toBeInstanceOf(EqlCompileError);
    expect({ line: e.line, column: e.column }).toEqual({ line, column });
    if (message) expect(e.message).toBe(`line ${line}, column ${column}: ${message}`);
  });

  it('places a bad regex at its character inside the string, across escapes', () => {
    // The pattern is `\\d(` after unescaping "\\\\d(": the `(` is pattern offset 3, written at column 24.
    const e = thrown(() => compileEql('any where x regex "\\\\\\\\d("', { dialect: 'search' }));
    expect(e).toBeInstanceOf(EqlCompileError);
    expect(e.message).toMatch(/^line 1, column 2\d: invalid regex/);
  });
});

describe('a regex Elasticsearch rejects', () => {
  it('loads with a warning in the elastic dialect and never matches, like the refused query', () => {
    const q = compileEql('any where x == "a" or x regex "a{2"', { dialect: 'elastic' });
    expect(q.warnings).toEqual([
      expect.objectContaining({ code: 'EQL_REGEX_REJECTED', line: 1, column: 33 }),
    ]);
    expect(q.warnings[0]!.message).toMatch(/Elasticsearch refuses the whole query/);
    const ev = q.evaluator();
    expect(ev.push({ x: 'a' }, 0, 1)).toEqual([]);
    expect(ev.stats.events).toBe(1);
  });

  it('is a plain regex in the search dialect', () => {
    const q = compileEql('any where x == "a" or x regex "a{2"', { dialect: 'search' });
    expect(q.warnings).toEqual([]);
    expect(q.evaluator().push({ x: 'a' }, 0, 1)).toHaveLength(1);
  });
});
