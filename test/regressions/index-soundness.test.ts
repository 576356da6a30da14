import { describe, expect, it } from 'vitest';
import { loadRuleSources } from '../../src/sigma/index.js';
import { referenceMatch } from '../reference/evaluator.js';

/** The candidate index may only over-approximate: indexed results must equal plain ones. */
function compare(text: string, event: unknown) {
  const src = [{ file: 'x.yml', text }];
  const indexed = loadRuleSources(src, { index: true });
  const plain = loadRuleSources(src, { index: false });
  expect(plain.diagnostics).toEqual([]);
  const ref = referenceMatch(plain.rules[0]!, plain.ruleSet.filtersFor(0), event);
  return { indexed: indexed.ruleSet.test(event), plain: plain.ruleSet.test(event), ref };
}

const rule = (detection: string): string =>
  `title: t\nid: r1\nlogsource: {product: kubernetes}\ndetection:\n${detection}\n`;

describe('candidate index soundness', () => {
  it('does not skip a rule whose ANDed exact values on one path are met by different array leaves', () => {
    // requirement.ts intersect(): exact ∩ exact on the same path -> empty set -> never a candidate.
    const r = compare(rule('  a: {f: x}\n  b: {f: y}\n  condition: a and b'), { f: ['x', 'y'] });
    expect(r.ref).toBe(true);
    expect(r.plain).toEqual([0]);
    expect(r.indexed).toEqual([0]);
  });

  it('does not skip a map with two items on the same path (f and f|cased)', () => {
    const r = compare(rule('  a:\n    f: x\n    f|cased: y\n  condition: a'), { f: ['x', 'y'] });
    expect(r.ref).toBe(true);
    expect(r.plain).toEqual([0]);
    expect(r.indexed).toEqual([0]);
  });

  it('does not skip a cased substring rule because of context-dependent lowercasing (final sigma)', () => {
    // constraintOf lowercases the literal 'Σ' alone ('σ'); the leaf 'ΑΣ' lowercases to 'ας'.
    const r = compare(rule('  a: {f|cased|contains: "Σ"}\n  condition: a'), { f: 'ΑΣ' });
    expect(r.ref).toBe(true);
    expect(r.plain).toEqual([0]);
    expect(r.indexed).toEqual([0]);
  });
});
