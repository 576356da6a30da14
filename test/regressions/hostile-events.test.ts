import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchEvents } from '../../src/cli/commands/match.js';
import { loadRuleSources } from '../../src/sigma/index.js';
import { capture } from '../cli/capture.js';

const EXISTS_RULE = `title: has f
id: r1
logsource: {product: kubernetes}
detection:
  a: {f|exists: true}
  condition: a
`;

function deepEvent(depth: number): unknown {
  return JSON.parse(`{"f":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
}

describe('hostile events', () => {
  it('match() does not throw on a deeply nested object leaf (evidenceText JSON.stringify)', () => {
    const { ruleSet } = loadRuleSources([{ file: 'x.yml', text: EXISTS_RULE }]);
    const e = deepEvent(20000); // JSON.parse accepts it; ~200 KB
    expect(ruleSet.test(e)).toEqual([0]);
    expect(() => ruleSet.match(e)).not.toThrow();
  });

  it('one poisoned event does not stop `match` from evaluating the events after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-regress-'));
    writeFileSync(join(dir, 'r.yml'), EXISTS_RULE);
    const events = join(dir, 'e.jsonl');
    const poison = `{"f":${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}}`;
    writeFileSync(events, `${poison}\n{"f":"attack","auditID":"evil"}\n`);
    const { result, stdout } = await capture(() =>
      matchEvents([events], { rules: [join(dir, 'r.yml')], maxErrors: 20, failOnMatch: true }),
    );
    expect(stdout).toContain('"auditID":"evil"');
    expect(result).toBe(1);
  });

  it('fieldref over two array fields is not quadratic in event size', () => {
    const text = `title: t\nlogsource: {product: k}\ndetection:\n  a: {f|fieldref: g}\n  condition: a\n`;
    const { ruleSet } = loadRuleSources([{ file: 'x.yml', text }]);
    // ~4 MB event: comparing every pair would be 4e10 string comparisons (many minutes); the
    // test's own timeout is the bound, no wall-clock assertion.
    const n = 200_000;
    const e = {
      f: Array.from({ length: n }, (_, i) => `a${i}`),
      g: Array.from({ length: n }, (_, i) => `b${i}`),
    };
    expect(ruleSet.test(e)).toEqual([]);
    e.g[n - 1] = 'A7';
    expect(ruleSet.test(e)).toEqual([0]);
  }, 20_000);
});
