import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR } from '../../src/cli/builtin.js';
import { SCENARIOS } from '../../src/emulate/catalogue/index.js';
import { loadRulePaths } from '../../src/sigma/index.js';
import { renderComparison } from './comparison.js';
import { runScenario } from './outcomes.js';

const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });
const outcomes = SCENARIOS.map((s) => runScenario(s, ruleSet));
const attacks = outcomes.filter((o) => o.scenario.kind === 'attack');
const benign = outcomes.filter((o) => o.scenario.kind === 'benign');
const describeOutcome = (o: (typeof outcomes)[number]): string =>
  `${o.scenario.id}: top severity ${o.top ?? 'none'}; alerts: ${o.alerts
    .map((a) => `${a.severity} ${a.title} [${a.matches.map((m) => m.title).join('; ')}]`)
    .join(' | ')}`;

describe('scenario catalogue through the detection core', () => {
  it('has the seed tests, 25+ further attacks and 25+ benign workloads', () => {
    expect(attacks.length).toBeGreaterThanOrEqual(30);
    expect(benign.length).toBeGreaterThanOrEqual(25);
  });

  it.each(attacks.map((o) => [o.scenario.id, o] as const))(
    'attack %s alerts at its expected severity or above',
    (_id, o) => {
      expect(o.ok, describeOutcome(o)).toBe(true);
    },
  );

  it.each(benign.map((o) => [o.scenario.id, o] as const))(
    'benign %s stays below medium',
    (_id, o) => {
      expect(o.ok, describeOutcome(o)).toBe(true);
    },
  );

  it('turns controller-created Jobs and Pods into linked follow-ups, not alerts', () => {
    const withRuns = attacks.filter(
      (o) => o.scenario.steps.some((s) => (s.followUps ?? 0) > 0) && o.ok,
    );
    expect(withRuns.length).toBeGreaterThan(5);
    for (const o of withRuns) expect(o.linkedFollowUps, o.scenario.id).toBeGreaterThan(0);
  });

  it('docs/comparison.md is generated from the current outcomes', () => {
    const path = new URL('../../docs/comparison.md', import.meta.url);
    const text = renderComparison(outcomes);
    if (process.env.UPDATE_DOCS) writeFileSync(path, text);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
