import { isSeverity } from '../alert/severity.js';
import type { AlertEvidence, AlertMatch } from '../alert/types.js';
import type { CompiledException } from '../config/exceptions.js';
import type { NormalizedEvent } from '../normalize/index.js';
import type { RuleMatch } from '../sigma/index.js';

/** A match a tuning exception silenced, and the exception that did it. */
export interface Suppression {
  match: AlertMatch;
  exception: CompiledException;
}

/**
 * Splits matches into those that stand and those a tuning exception silences. Shared by the
 * audit-log engine and the admission webhook so both honour exceptions identically: the first
 * applicable exception that names the rule (by id or title), or names no rules, wins.
 */
export function applyExceptions(
  n: NormalizedEvent,
  matches: AlertMatch[],
  exceptions: readonly CompiledException[],
): { kept: AlertMatch[]; suppressed: Suppression[] } {
  if (matches.length === 0 || exceptions.length === 0) return { kept: matches, suppressed: [] };
  const applicable = exceptions.filter((e) => e.applies(n));
  const kept: AlertMatch[] = [];
  const suppressed: Suppression[] = [];
  for (const m of matches) {
    const silencer = applicable.find(
      (e) => e.rules === null || e.rules.has(m.ruleId) || e.rules.has(m.title),
    );
    if (silencer) suppressed.push({ match: m, exception: silencer });
    else kept.push(m);
  }
  return { kept, suppressed };
}

/** A Sigma match as the alert contract shows it, with duplicate evidence removed. */
export function toAlertMatch(m: RuleMatch): AlertMatch {
  const seen = new Set<string>();
  const evidence: AlertEvidence[] = [];
  for (const e of m.evidence) {
    const field = e.field ?? '(keywords)';
    const key = `${field}\u0000${e.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push({ field, value: e.value });
  }
  return {
    ruleId: m.rule.id ?? m.rule.title,
    title: m.rule.title,
    // A rule without a level is someone's custom rule: alert, and let them grade it.
    level: isSeverity(m.rule.level) ? m.rule.level : 'medium',
    tags: [...m.rule.tags],
    evidence,
  };
}
