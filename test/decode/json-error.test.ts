import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorOffset } from '../../src/decode/json-error.js';

function errorOf(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error(`valid JSON: ${text}`);
}

describe('jsonErrorOffset', () => {
  it.each(['{"a":1}', '[1, -2.5e+3, "x\\u00e9\\n", true, false, null, {}, []]', ' "s" ', '0'])(
    'finds no error in %s',
    (text) => {
      expect(jsonErrorOffset(text)).toBe(-1);
    },
  );

  it.each([
    ['{broken', 1],
    ['{"a":1,"b":x}', 11],
    ['{"truncated":', 13],
    ['{"a":1} x', 8],
    ['[1,2,]', 5],
    ['{"a":01}', 6],
    ['{"a" 1}', 5],
    ['"bad \\q escape"', 6],
    ['"tab\there"', 4],
    ['tru', 0],
    ['', 0],
  ])('finds the error in %s at %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with V8 wherever V8 gives a position', () => {
    for (const text of [
      '{broken',
      '{"a":1} x',
      '{"a":"\u0001"}',
      `{"a":1, ${'"k":1,'.repeat(100)} oops}`,
    ]) {
      const position = /at position (\d+)/.exec((errorOf(text) as Error).message)?.[1];
      expect(jsonErrorOffset(text)).toBe(Number(position));
    }
  });

  it('survives hostile nesting without recursion', () => {
    expect(jsonErrorOffset('['.repeat(1_000_000))).toBe(1_000_000);
  });
});

describe('describeJsonError', () => {
  it('gives a 1-based column and the parser message without the quoted input', () => {
    const text = `{"a":"${'x'.repeat(300)}","b":zz}`;
    expect(describeJsonError(text, errorOf(text))).toBe(
      "invalid JSON at column 313: Unexpected token 'z'",
    );
  });

  it('gives line and column inside a document that starts on a later line', () => {
    const text = '{\n  "a": 1,\n  "b": ,\n}';
    expect(describeJsonError(text, errorOf(text), 10)).toBe(
      "invalid JSON at line 12 column 8: Unexpected token ','",
    );
  });
});
