import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/alert/types.js';
import type { LabelledScenario } from '../../src/validate/types.js';
import { isFailure, verdictFor } from '../../src/validate/verdict.js';

const attack = (minSeverity?: Severity): LabelledScenario => ({
  id: 'a',
  title: 'a',
  kind: 'attack',
  technique: 'T1053.007',
  expect: minSeverity ? { minSeverity } : {},
});
const benign = (maxSeverity?: Severity): LabelledScenario => ({
  ...attack(),
  kind: 'benign',
  expect: maxSeverity ? { maxSeverity } : {},
});

describe('verdictFor', () => {
  it.each([
    [attack(), null, 'missed'],
    [attack(), 'low', 'weak'],
    [attack(), 'medium', 'caught'],
    [attack('low'), 'low', 'caught'],
    [attack('high'), 'medium', 'weak'],
    [attack('high'), 'critical', 'caught'],
    [benign(), null, 'quiet'],
    [benign(), 'informational', 'noted'],
    [benign(), 'low', 'noted'],
    [benign(), 'medium', 'false-positive'],
    [benign('informational'), 'low', 'false-positive'],
    // A benign scenario may never be allowed medium: medium and above is always a false positive.
    [benign('high'), 'medium', 'false-positive'],
  ] as const)('%o with %s → %s', (scenario, top, verdict) => {
    expect(verdictFor(scenario, top)).toBe(verdict);
  });

  it('fails on misses, weak catches and false positives only', () => {
    expect(['caught', 'quiet', 'noted'].map((v) => isFailure(v as never))).toEqual([
      false,
      false,
      false,
    ]);
    expect(['weak', 'missed', 'false-positive'].map((v) => isFailure(v as never))).toEqual([
      true,
      true,
      true,
    ]);
  });
});
