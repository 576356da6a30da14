import { severityRank } from '../alert/severity.js';
import type { Severity } from '../alert/types.js';
import type { LabelledScenario, Verdict } from './types.js';

const MEDIUM = severityRank('medium');

/**
 * Attacks: caught at or above the expected severity (medium unless the scenario says), `weak`
 * when raised lower, else missed. Benign: quiet, `noted` below medium and within what the
 * scenario allows, else a false positive.
 */
export function verdictFor(scenario: LabelledScenario, top: Severity | null): Verdict {
  if (scenario.kind === 'attack') {
    if (top === null) return 'missed';
    return severityRank(top) >= severityRank(scenario.expect.minSeverity ?? 'medium')
      ? 'caught'
      : 'weak';
  }
  if (top === null) return 'quiet';
  const allowed = severityRank(scenario.expect.maxSeverity ?? 'low');
  return severityRank(top) >= MEDIUM || severityRank(top) > allowed ? 'false-positive' : 'noted';
}

export function isFailure(v: Verdict): boolean {
  return v === 'weak' || v === 'missed' || v === 'false-positive';
}
