import type { AlertMatch, Severity } from '../alert/types.js';
import type { Suppression } from '../detect/matches.js';
import {
  clean,
  evidenceText,
  fit,
  joinCapped,
  matchWarning,
  MAX_ANNOTATION_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_WARNINGS,
  ruleText,
} from './text.js';

export type AdmissionMode = 'enforce' | 'warn' | 'audit';
/**
 * What the webhook did: `deny` rejected the request; `would-deny` is a dry run that enforce
 * would have rejected; `warn` allowed it and told the user; `audit` allowed it and only
 * annotated the audit log; `allow` found nothing (or exceptions silenced everything); `skip`
 * did not evaluate (DELETE, CONNECT).
 */
export type AdmissionDecision = 'deny' | 'would-deny' | 'warn' | 'audit' | 'allow' | 'skip';
/** Why a request that met the deny threshold in enforce mode was not denied. */
export type Exemption = 'preexisting' | 'deleting';

export interface Verdict {
  decision: AdmissionDecision;
  /** Matches, most severe first, after exceptions. */
  matches: AlertMatch[];
  /** Matches at or above the deny severity. */
  blocking: AlertMatch[];
  severity: Severity | null;
  mode: AdmissionMode;
  dryRun: boolean;
  exemption: Exemption | null;
  suppressed: Suppression[];
  /** What is written: `CronJob default/backup`. */
  target: string;
  namespace: string | null;
  alertId: string | null;
}

/**
 * Warnings for kubectl users. Informational matches (a plain alpine CronJob) are never shown:
 * they would warn on most batch workloads and teach people to ignore cronwarden. Denied matches
 * are in the denial message, not repeated here.
 */
export function warningsFor(v: Verdict): string[] {
  if (v.mode === 'audit') return [];
  const blocking = new Set(v.blocking);
  const shown = v.matches.filter(
    (m) => m.level !== 'informational' && !(v.decision === 'deny' && blocking.has(m)),
  );
  const note = (m: AlertMatch): string | undefined => {
    if (!blocking.has(m)) return undefined;
    if (v.exemption === 'preexisting') return 'already present before this update';
    if (v.exemption === 'deleting') return 'object is being deleted';
    if (v.mode === 'enforce') return 'would be denied outside a dry run';
    return 'would be denied in enforce mode';
  };
  if (shown.length <= MAX_WARNINGS) return shown.map((m) => matchWarning(m, note(m)));
  const head = shown.slice(0, MAX_WARNINGS - 1).map((m) => matchWarning(m, note(m)));
  const rest = shown.slice(MAX_WARNINGS - 1).map((m) => m.ruleId);
  const prefix = `cronwarden: ${rest.length} more rule(s) matched: `;
  return [...head, prefix + joinCapped(rest, MAX_ANNOTATION_BYTES - prefix.length)];
}

/**
 * The denial kubectl prints after `admission webhook "…" denied the request:`. It names every
 * denying rule, the evidence of the most severe, and how to get an exception (the rule id and
 * namespace are what the tuning config needs).
 */
export function denialMessage(v: Verdict): string {
  const [top, ...others] = v.blocking;
  if (!top) return 'denied by cronwarden';
  const evidence = top.evidence.slice(0, 2).map(evidenceText).join(', ');
  let text = `cronwarden denied this ${clean(v.target)}: ${ruleText(top)}`;
  if (evidence) text += `: ${evidence}`;
  if (others.length > 0)
    text += `; also ${others
      .slice(0, 3)
      .map((m) => ruleText(m))
      .join('; ')}`;
  if (others.length > 3) text += ` and ${others.length - 3} more`;
  text += '.';
  const where = v.namespace ? ` in namespace ${clean(v.namespace)}` : '';
  const ids = v.blocking.map((m) => clean(m.ruleId)).join(', ');
  const help =
    ` If this workload is legitimate, ask your security team for a cronwarden exception` +
    ` for rule ${ids}${where} (tuning config "exceptions", with a reason and an expiry date).`;
  // The remedy matters more than the tail of the evidence: cut the findings, not the help.
  return fit(text, MAX_MESSAGE_BYTES - Buffer.byteLength(help)) + fit(help, MAX_MESSAGE_BYTES / 2);
}

/**
 * Audit annotations. The API server prefixes each key with the webhook name
 * (`cronwarden.example.com/decision`), so keys carry no domain. Every evaluated request is
 * annotated, even when nothing matched: an admitted workload write without `decision` in the
 * audit log is one the webhook never saw (timeout under failurePolicy Ignore, a bypass).
 */
export function auditAnnotationsFor(v: Verdict): Record<string, string> {
  const out: Record<string, string> = { decision: v.decision, mode: v.mode };
  if (v.severity) out.severity = v.severity;
  if (v.matches.length > 0)
    out.rules = joinCapped(
      v.matches.map((m) => m.ruleId),
      MAX_ANNOTATION_BYTES,
    );
  if (v.exemption) out.exempt = v.exemption;
  if (v.dryRun) out['dry-run'] = 'true';
  if (v.suppressed.length > 0)
    out.exceptions = joinCapped(
      [...new Set(v.suppressed.map((s) => s.exception.name))],
      MAX_ANNOTATION_BYTES,
    );
  if (v.alertId) out.alert = v.alertId;
  return out;
}
