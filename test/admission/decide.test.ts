import { describe, expect, it } from 'vitest';
import { AdmissionEvaluator } from '../../src/admission/decide.js';
import { parseAdmissionReview } from '../../src/admission/review.js';
import { SEVERITIES } from '../../src/alert/types.js';
import { body, evaluator, exceptions, RULE, ruleSet, text } from './helpers.js';

const SHELL = 'cronjob-create-reverse-shell.json';
const JOB = 'job-create-privileged-hostpath-etc.json';
const DEPLOYMENT = 'deployment-create-privileged-sidecar.json';
const POD_UPDATE = 'pod-update-hostpath-docker-sock.json';
const CERTS = 'cronjob-create-excepted-namespace.json';

describe('AdmissionEvaluator decisions', () => {
  it('denies in enforce mode at the deny severity, and echoes the uid', () => {
    const out = evaluator().evaluateJson(text(SHELL));
    expect(out.decision).toBe('deny');
    expect(out.review).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: {
        uid: '3f1e2d4c-8b7a-4c69-9e5d-1a2b3c4d5e6f',
        allowed: false,
        status: { code: 403, reason: 'Forbidden' },
      },
    });
    expect(out.matches[0]!.ruleId).toBe(RULE.reverseShell);
    expect(evaluator().evaluateJson(text(JOB)).decision).toBe('deny');
  });

  it('follows the deny threshold', () => {
    const critical = evaluator({ denySeverity: 'critical' });
    expect(critical.evaluateJson(text(SHELL)).decision).toBe('deny');
    const job = critical.evaluateJson(text(JOB));
    expect(job.decision).toBe('warn');
    expect(job.review.response.allowed).toBe(true);
    expect(evaluator().evaluateJson(text(DEPLOYMENT)).decision).toBe('warn');
    const medium = evaluator({ denySeverity: 'medium' }).evaluateJson(text(DEPLOYMENT));
    expect(medium.decision).toBe('deny');
    expect(medium.review.response.status!.message).toContain(RULE.privilegedPod);
  });

  it('never denies in warn mode, and says what enforce would do', () => {
    const out = evaluator({ mode: 'warn', denySeverity: 'low' }).evaluateJson(text(SHELL));
    expect(out.decision).toBe('warn');
    expect(out.review.response.allowed).toBe(true);
    expect(out.review.response.status).toBeUndefined();
    expect(out.review.response.warnings![0]).toMatch(
      /^cronwarden \[critical, would be denied in enforce mode\] Reverse Shell/,
    );
    expect(out.review.response.auditAnnotations).toMatchObject({ decision: 'warn', mode: 'warn' });
  });

  it('only annotates in audit mode', () => {
    const out = evaluator({ mode: 'audit' }).evaluateJson(text(SHELL));
    expect(out.decision).toBe('audit');
    expect(out.review.response).not.toHaveProperty('warnings');
    expect(out.review.response.allowed).toBe(true);
    expect(out.review.response.auditAnnotations).toMatchObject({
      decision: 'audit',
      mode: 'audit',
      severity: 'critical',
    });
    expect(out.alert).not.toBeNull();
    expect(out.record).toBe(true);
  });

  it('never denies a dry run, whatever the mode and threshold, and records nothing', () => {
    for (const mode of ['enforce', 'warn', 'audit'] as const)
      for (const denySeverity of SEVERITIES) {
        const out = evaluator({ mode, denySeverity }).evaluateJson(
          text('cronjob-create-dry-run.json'),
        );
        expect(out.review.response.allowed).toBe(true);
        expect(out.dryRun).toBe(true);
        expect(out.record).toBe(false);
        expect(out.alert).not.toBeNull();
        expect(out.review.response.auditAnnotations).toMatchObject({ 'dry-run': 'true' });
        expect(out.review.response.auditAnnotations).not.toHaveProperty('alert');
      }
    const out = evaluator().evaluateJson(text('cronjob-create-dry-run.json'));
    expect(out.decision).toBe('would-deny');
    expect(out.review.response.warnings![0]).toMatch(
      /^cronwarden \[critical, would be denied outside a dry run\] Reverse Shell/,
    );
  });

  it('allows a benign CronJob with nothing but the decision annotated', () => {
    const out = evaluator().evaluateJson(text('cronjob-create-benign.json'));
    expect(out.decision).toBe('allow');
    expect(out.review.response).toEqual({
      uid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      allowed: true,
      auditAnnotations: { decision: 'allow', mode: 'enforce' },
    });
    expect(out.alert).toBeNull();
    expect(out.record).toBe(false);
  });

  it('allows DELETE and CONNECT without evaluating them', () => {
    const del = evaluator().evaluateJson(text('cronjob-delete.json'));
    expect(del).toMatchObject({ decision: 'skip', evaluated: false, alert: null, matches: [] });
    expect(del.review.response).toEqual({
      uid: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
      allowed: true,
    });
    const b = body(SHELL);
    Object.assign(b.request, { operation: 'CONNECT', subResource: 'exec', object: null });
    expect(evaluator().evaluate(parseAdmissionReview(b)).decision).toBe('skip');
  });

  it('applies tuning exceptions like scan does, and records which one', () => {
    const plain = evaluator().evaluateJson(text(CERTS));
    expect(plain.decision).toBe('deny');
    const tuned = evaluator({ exceptions: exceptions() }).evaluateJson(text(CERTS));
    expect(tuned.decision).toBe('allow');
    expect(tuned.review.response.allowed).toBe(true);
    expect(tuned.suppressed.map((s) => [s.match.ruleId, s.exception.name]).sort()).toEqual([
      [RULE.privilegedBatch, 'kubelet-cert-check'],
      [RULE.sensitiveHostPath, 'kubelet-cert-check'],
    ]);
    expect(tuned.review.response.auditAnnotations).toEqual({
      decision: 'allow',
      mode: 'enforce',
      exceptions: 'kubelet-cert-check',
    });
    // The same request in another namespace, and an expired exception, are not covered.
    const b = body(CERTS);
    b.request.namespace = 'default';
    const other = evaluator({ exceptions: exceptions() }).evaluate(parseAdmissionReview(b));
    expect(other.decision).toBe('deny');
    const expired = exceptions(new Date('2027-04-01T00:00:00Z'));
    expect(evaluator({ exceptions: expired }).evaluateJson(text(CERTS)).decision).toBe('deny');
  });

  it('evaluates an UPDATE on the new object', () => {
    const out = evaluator().evaluateJson(text(POD_UPDATE));
    expect(out.decision).toBe('deny');
    expect(out.matches.map((m) => m.ruleId)).toEqual([RULE.runtimeSocket]);
    expect(out.alert).toMatchObject({ verb: 'update', object: { kind: 'Pod', name: 'web-debug' } });
  });

  it('does not deny an UPDATE of an object that already had the finding, or is being deleted', () => {
    const b = body(POD_UPDATE);
    b.request.oldObject = b.request.object;
    const same = evaluator().evaluate(parseAdmissionReview(b));
    expect(same.decision).toBe('warn');
    expect(same.review.response.auditAnnotations).toMatchObject({ exempt: 'preexisting' });
    expect(same.review.response.warnings![0]).toContain('already present before this update');

    const deleting = body(POD_UPDATE);
    const object = deleting.request.object as { metadata: Record<string, unknown> };
    object.metadata.deletionTimestamp = '2026-11-22T09:59:00Z';
    object.metadata.finalizers = [];
    const out = evaluator().evaluate(parseAdmissionReview(deleting));
    expect(out.decision).toBe('warn');
    expect(out.review.response.auditAnnotations).toMatchObject({ exempt: 'deleting' });
  });

  it('leaves rules that read fields admission lacks to the audit-log pipeline', () => {
    const ev = evaluator();
    expect(ev.blindRules.map((r) => r.ruleId)).toContain(RULE.tokenOutsidePrivate);
    // A service-account token with no source IP must not look like one used from outside.
    const out = ev.evaluateJson(text(SHELL));
    expect(out.matches.map((m) => m.ruleId)).not.toContain(RULE.tokenOutsidePrivate);
  });

  it('rejects an unknown mode or severity when it is built', () => {
    expect(
      () => new AdmissionEvaluator({ ruleSet, mode: 'block' as 'warn', denySeverity: 'high' }),
    ).toThrow(/admission mode/);
    expect(
      () => new AdmissionEvaluator({ ruleSet, mode: 'warn', denySeverity: 'severe' as 'high' }),
    ).toThrow(/deny severity/);
  });
});
