import type { CompiledRuleSet, SigmaRule } from '../sigma/index.js';
import { forEachField } from '../sigma/ruleset.js';

/**
 * Event fields an AdmissionReview does not carry. A rule that reads one of them judges a
 * missing value: "token used from outside private networks" reads `sourceIPs`, finds none,
 * and would fire on every service-account write. Such rules are left to the audit-log
 * pipeline, which sees those fields. Sigma filters are not counted: a filter that cannot
 * match leaves the rule firing, which errs on the side of detection.
 */
export const FIELDS_UNKNOWN_AT_ADMISSION = ['sourceIPs', 'userAgent'] as const;

export interface BlindRule {
  ruleId: string;
  title: string;
  fields: string[];
}

/** Rules of the set whose own detection reads a field admission cannot know. */
export function blindRules(ruleSet: CompiledRuleSet): BlindRule[] {
  const out: BlindRule[] = [];
  for (const rule of ruleSet.rules) {
    const fields = new Set<string>();
    for (const node of rule.detection.values())
      forEachField(node, (f) => {
        if (FIELDS_UNKNOWN_AT_ADMISSION.some((u) => f === u || f.startsWith(`${u}.`)))
          fields.add(f);
      });
    if (fields.size > 0)
      out.push({ ruleId: ruleIdOf(rule), title: rule.title, fields: [...fields] });
  }
  return out;
}

/** The id alerts use for a rule (AlertMatch.ruleId). */
export function ruleIdOf(rule: SigmaRule): string {
  return rule.id ?? rule.title;
}
