import { buildAlert } from '../alert/build.js';
import { isSeverity, maxSeverity, severityRank } from '../alert/severity.js';
import type { Alert, AlertMatch, Severity } from '../alert/types.js';
import type { CompiledException } from '../config/exceptions.js';
import { applyExceptions, toAlertMatch, type Suppression } from '../detect/matches.js';
import { normalize } from '../normalize/index.js';
import type { CompiledRuleSet } from '../sigma/index.js';
import { blindRules, ruleIdOf, type BlindRule } from './blind-rules.js';
import {
  auditAnnotationsFor,
  denialMessage,
  warningsFor,
  type AdmissionDecision,
  type AdmissionMode,
  type Exemption,
  type Verdict,
} from './respond.js';
import {
  ADMISSION_API_VERSION,
  parseAdmissionReviewJson,
  type AdmissionRequest,
  type AdmissionReview,
} from './review.js';
import { toAuditEvent } from './to-audit-event.js';

export type { AdmissionDecision, AdmissionMode, Exemption } from './respond.js';
export const ADMISSION_MODES: readonly AdmissionMode[] = ['enforce', 'warn', 'audit'];

export interface AdmissionEvaluatorOptions {
  ruleSet: CompiledRuleSet;
  exceptions?: readonly CompiledException[];
  /** `--admission-mode`; the CLI default is `warn`. */
  mode: AdmissionMode;
  /** `--admission-deny-severity`: enforce mode denies at this severity and above. */
  denySeverity: Severity;
  /** The clock stamping the audit event; tests pin it. */
  now?: () => Date;
}

/** The AdmissionReview v1 response body the HTTP layer sends back. */
export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: 403; reason: 'Forbidden'; message: string };
    warnings?: string[];
    auditAnnotations?: Record<string, string>;
  };
}

export interface AdmissionOutcome {
  review: AdmissionReviewResponse;
  decision: AdmissionDecision;
  /** False for DELETE and CONNECT, which are allowed unseen. */
  evaluated: boolean;
  dryRun: boolean;
  /** Standing matches, most severe first. */
  matches: AlertMatch[];
  suppressed: Suppression[];
  /** The alert the audit-log pipeline would raise for this request; null when none matched. */
  alert: Alert | null;
  /**
   * Whether the server may store the alert. False on dry runs: the webhook is registered with
   * `sideEffects: NoneOnDryRun`, a promise to change nothing outside the request then.
   */
  record: boolean;
}

/**
 * Evaluates AdmissionReview requests with the same rules and tuning exceptions as `scan`.
 * Built once at startup; `evaluate` is synchronous and keeps no state between requests, so
 * one instance serves every request. It throws only on internal faults: the HTTP layer should
 * then answer 500 so the API server applies the webhook's failurePolicy.
 */
export class AdmissionEvaluator {
  readonly #ruleSet: CompiledRuleSet;
  readonly #exceptions: readonly CompiledException[];
  readonly #mode: AdmissionMode;
  readonly #denyRank: number;
  readonly #now: () => Date;
  readonly #blind: ReadonlySet<string>;
  /** Rules not evaluated at admission (they read fields it lacks); log them at startup. */
  readonly blindRules: readonly BlindRule[];

  constructor(options: AdmissionEvaluatorOptions) {
    if (!ADMISSION_MODES.includes(options.mode))
      throw new TypeError(`admission mode must be one of ${ADMISSION_MODES.join(', ')}`);
    if (!isSeverity(options.denySeverity))
      throw new TypeError(`unknown deny severity ${String(options.denySeverity)}`);
    this.#ruleSet = options.ruleSet;
    this.#exceptions = options.exceptions ?? [];
    this.#mode = options.mode;
    this.#denyRank = severityRank(options.denySeverity);
    this.#now = options.now ?? (() => new Date());
    this.blindRules = blindRules(options.ruleSet);
    this.#blind = new Set(this.blindRules.map((r) => r.ruleId));
  }

  /** Parses the raw body and evaluates it; bad input throws AdmissionReviewError (answer 400). */
  evaluateJson(text: string): AdmissionOutcome {
    return this.evaluate(parseAdmissionReviewJson(text));
  }

  evaluate(review: AdmissionReview): AdmissionOutcome {
    const request = review.request;
    const dryRun = request.dryRun === true;
    // DELETE removes what rules judge, and denying it would stop responders removing a
    // malicious CronJob; CONNECT (exec, attach, port-forward) carries options, not a workload.
    // Both are still seen by the audit-log pipeline, which alerts on them where rules say so.
    if (request.operation === 'DELETE' || request.operation === 'CONNECT')
      return {
        review: reply({ uid: request.uid, allowed: true }),
        decision: 'skip',
        evaluated: false,
        dryRun,
        matches: [],
        suppressed: [],
        alert: null,
        record: false,
      };

    const n = normalize(toAuditEvent(request, this.#now()));
    const found = this.#ruleSet
      .match(n.document)
      .filter((m) => !this.#blind.has(ruleIdOf(m.rule)))
      .map(toAlertMatch);
    const { kept, suppressed } = applyExceptions(n, found, this.#exceptions);
    const matches = kept.sort((a, b) => severityRank(b.level) - severityRank(a.level));
    const blocking = matches.filter((m) => severityRank(m.level) >= this.#denyRank);
    const exemption = blocking.length > 0 ? this.#exemption(request, blocking) : null;
    const alert =
      matches.length > 0
        ? buildAlert(n, matches, { file: `admission:${request.uid}`, line: 1 })
        : null;
    const verdict: Verdict = {
      decision: this.#decide(matches, blocking, dryRun, exemption),
      matches,
      blocking,
      severity: matches.length > 0 ? maxSeverity(matches.map((m) => m.level)) : null,
      mode: this.#mode,
      dryRun,
      exemption,
      suppressed,
      target: targetOf(request),
      namespace: request.namespace || null,
      alertId: alert && !dryRun ? alert.id : null,
    };
    const allowed = verdict.decision !== 'deny';
    const warnings = warningsFor(verdict);
    const response: AdmissionReviewResponse['response'] = { uid: request.uid, allowed };
    if (!allowed)
      response.status = { code: 403, reason: 'Forbidden', message: denialMessage(verdict) };
    if (warnings.length > 0) response.warnings = warnings;
    response.auditAnnotations = auditAnnotationsFor(verdict);
    return {
      review: reply(response),
      decision: verdict.decision,
      evaluated: true,
      dryRun,
      matches,
      suppressed,
      alert,
      record: alert !== null && !dryRun,
    };
  }

  #decide(
    matches: AlertMatch[],
    blocking: AlertMatch[],
    dryRun: boolean,
    exemption: Exemption | null,
  ): AdmissionDecision {
    if (matches.length === 0) return 'allow';
    if (this.#mode === 'audit') return 'audit';
    if (this.#mode === 'enforce' && blocking.length > 0 && !exemption)
      return dryRun ? 'would-deny' : 'deny';
    return matches.some((m) => m.level !== 'informational') ? 'warn' : 'audit';
  }

  /**
   * Enforce mode must not make existing objects unmanageable. A finalizer removal on an
   * object being deleted, or a label change on a workload admitted before cronwarden, is an
   * UPDATE of an object that already broke the rule: denying it would block cleanup and
   * rollouts without stopping anything new. Only UPDATEs that bring a denying finding in are
   * denied; the others warn (warn mode says the same, so its notes match what enforce does). The old object is evaluated only when a denial is on the table.
   */
  #exemption(request: AdmissionRequest, blocking: AlertMatch[]): Exemption | null {
    if (this.#mode === 'audit' || request.operation !== 'UPDATE') return null;
    const metadata = request.object?.metadata as { deletionTimestamp?: unknown } | undefined;
    if (metadata?.deletionTimestamp) return 'deleting';
    if (!request.oldObject) return null;
    const old = normalize(toAuditEvent({ ...request, object: request.oldObject }, this.#now()));
    const rules = this.#ruleSet.rules;
    const before = new Set(this.#ruleSet.test(old.document).map((i) => ruleIdOf(rules[i]!)));
    return blocking.every((m) => before.has(m.ruleId)) ? 'preexisting' : null;
  }
}

function reply(response: AdmissionReviewResponse['response']): AdmissionReviewResponse {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

/** `CronJob default/backup`; a generateName object shows its prefix. */
function targetOf(request: AdmissionRequest): string {
  const metadata = request.object?.metadata as
    { name?: unknown; generateName?: unknown } | undefined;
  const name =
    request.name ||
    (typeof metadata?.name === 'string' ? metadata.name : '') ||
    (typeof metadata?.generateName === 'string' ? `${metadata.generateName}*` : '');
  const path = [request.namespace, name].filter(Boolean).join('/');
  return path ? `${request.kind.kind} ${path}` : request.kind.kind;
}
