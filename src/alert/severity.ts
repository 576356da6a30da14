import { SEVERITIES, type Severity } from './types.js';

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** One step down, never below `low`: a failed attempt is still a finding. */
export function demote(s: Severity): Severity {
  const rank = severityRank(s);
  return rank <= 1 ? s : SEVERITIES[rank - 1]!;
}

export function maxSeverity(values: Iterable<Severity>): Severity {
  let best: Severity = 'informational';
  for (const v of values) if (severityRank(v) > severityRank(best)) best = v;
  return best;
}

const BASE_SCORE: Record<Severity, number> = {
  informational: 10,
  low: 30,
  medium: 50,
  high: 73,
  critical: 90,
};

/**
 * 0-100, ordered by severity first: each severity owns a band, and within it more independent
 * indicators and an anonymous actor raise the score, a failed attempt lowers it.
 */
export function riskScore(
  severity: Severity,
  indicators: number,
  opts: { anonymous: boolean; failed: boolean },
): number {
  const base = BASE_SCORE[severity];
  const ceiling =
    severity === 'critical' ? 100 : BASE_SCORE[SEVERITIES[severityRank(severity) + 1]!] - 1;
  let score = base + 4 * Math.max(0, Math.min(indicators - 1, 4));
  if (opts.anonymous) score += 4;
  if (opts.failed) score -= 5;
  return Math.max(base - 5, Math.min(ceiling, score));
}
