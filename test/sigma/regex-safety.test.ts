/**
 * Rule regexes run on attacker-controlled text, so they must run in linear time (RE2).
 *
 * `^(a+)+$` is the textbook catastrophic-backtracking pattern. On V8's backtracking RegExp:
 *
 *   // node -e "const r = /^(a+)+$/; for (const n of [20, 22, 24, 26]) {
 *   //   const t = Date.now(); r.test('a'.repeat(n) + '!'); console.log(n, Date.now() - t, 'ms'); }"
 *   // 20 32 ms, 22 20 ms, 24 77 ms, 26 317 ms  (measured on Node 20) -- x2 per extra `a`
 *
 * so 'a'.repeat(40) + '!' would take ~2^14 times the 26-`a` time (about 1.5 hours), and the 100 KB input below would
 * never finish. With RE2 both return "no match" at once. The bound here is the test timeout
 * (5 s), not a measured duration.
 */
import { describe, expect, it } from 'vitest';
import { loadRuleSources } from '../../src/sigma/index.js';

const RULE = `title: redos
logsource: {product: kubernetes}
detection:
  selection:
    field|re: '^(a+)+$'
  condition: selection
`;

function load() {
  const l = loadRuleSources([{ file: 'redos.yml', text: RULE }]);
  expect(l.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(l.rules).toHaveLength(1);
  return l.ruleSet;
}

describe('regex safety', () => {
  it('^(a+)+$ against 40 a and a bang does not match and finishes', { timeout: 5000 }, () => {
    const rs = load();
    expect(rs.test({ field: `${'a'.repeat(40)}!` })).toEqual([]);
    expect(rs.match({ field: `${'a'.repeat(40)}!` })).toEqual([]);
    // and the regex does work
    expect(rs.test({ field: 'a'.repeat(40) })).toEqual([0]);
  });

  it('^(a+)+$ against a crafted 100 KB string finishes', { timeout: 5000 }, () => {
    const rs = load();
    const crafted = `${'a'.repeat(100 * 1024 - 1)}!`;
    expect(rs.test({ field: crafted })).toEqual([]);
    // the same text in an array and nested, several times per event
    expect(rs.test({ field: [crafted, crafted, `${'a'.repeat(50_000)}\u0000`] })).toEqual([]);
    expect(rs.match({ field: crafted })).toEqual([]);
  });

  it('backtracking-only features are rejected at load time', () => {
    const l = loadRuleSources([
      { file: 'redos.yml', text: RULE.replace('^(a+)+$', () => '^(a+)\\1$') },
    ]);
    expect(l.diagnostics.map((d) => d.code)).toContain('E_REGEX');
    expect(l.rules).toHaveLength(0);
  });
});
