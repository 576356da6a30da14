import { describe, expect, it } from 'vitest';
import { loadRuleSources } from '../../src/sigma/index.js';

const rule = (detection: string, extra = ''): string =>
  `title: t\nid: r1\nlogsource: {product: kubernetes}\ndetection:\n${detection}\n${extra}`;

/** A bad rule must become a diagnostic; loading must never throw (non-strict mode). */
function load(text: string) {
  return loadRuleSources([{ file: 'x.yml', text }]);
}

describe('hostile rule files', () => {
  it('reports, not crashes on, a deeply parenthesised condition', () => {
    const n = 20000;
    const text = rule(`  a: {f: x}\n  condition: "${'('.repeat(n)}a${')'.repeat(n)}"`);
    expect(() => load(text)).not.toThrow(); // RangeError from condition/parse.ts recursion
  });

  it('reports, not crashes on, a long chain of `not`', () => {
    const text = rule(`  a: {f: x}\n  condition: "${'not '.repeat(20000)}a"`);
    expect(() => load(text)).not.toThrow();
  });

  it('does not crash on a selection with 150k values (Math.max(...spread) in compileItem)', () => {
    const values = Array.from({ length: 150000 }, (_, i) => `v${i}`).join(', ');
    const text = rule(`  a: {f: [${values}]}\n  condition: a`);
    expect(() => load(text)).not.toThrow();
  }, 30000);

  it('bounds YAML alias expansion (billion laughs within the 32-level depth limit)', () => {
    // 10^6 scalars from ~300 bytes; depth 8 (10^9) would exhaust memory. The comment in
    // positioned.ts claims the depth bound stops this; it only bounds depth, not breadth.
    let laughs = 'l0: &a0 [x,x,x,x,x,x,x,x,x,x]\n';
    for (let i = 1; i <= 5; i++)
      laughs += `l${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`;
    const text = rule('  a: {f: x}\n  condition: a', laughs);
    expect(text.length).toBeLessThan(600);
    const l = load(text);
    expect(l.diagnostics.map((d) => d.code)).toContain('E_YAML_SYNTAX');
  }, 30000);
});
