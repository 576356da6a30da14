import { describe, expect, it } from 'vitest';
import { loadRuleSources } from '../../src/sigma/index.js';

function diag(text: string) {
  const d = loadRuleSources([{ file: 'x.yml', text }]).diagnostics;
  expect(d).toHaveLength(1);
  return { code: d[0]!.code, line: d[0]!.line, column: d[0]!.column };
}

describe('condition diagnostics point at the offending token', () => {
  it('quoted condition: column of the undefined identifier (off by the quote)', () => {
    const text = [
      'title: t',
      'logsource: {product: k}',
      'detection:',
      '  a: {f: x}',
      '  condition: "a and nope"',
      //            ^ the quote is col 14, 'nope' starts at col 21
    ].join('\n');
    expect(diag(text)).toEqual({ code: 'E_CONDITION_UNDEFINED', line: 5, column: 21 });
  });

  it('quoted condition: syntax error column', () => {
    const text = [
      'title: t',
      'logsource: {product: k}',
      'detection:',
      '  a: {f: x}',
      "  condition: 'a and )'",
    ].join('\n');
    expect(diag(text)).toEqual({ code: 'E_CONDITION_SYNTAX', line: 5, column: 21 });
  });

  it('plain condition folded over two lines: line of the undefined identifier', () => {
    const text = [
      'title: t',
      'logsource: {product: k}',
      'detection:',
      '  a: {f: x}',
      '  condition: a and',
      '    nope',
    ].join('\n');
    expect(diag(text)).toEqual({ code: 'E_CONDITION_UNDEFINED', line: 6, column: 5 });
  });
});
