import { describe, expect, it } from 'vitest';
import { BODY_SKIPPED_ANNOTATION, fromAks } from '../../src/decode/aks.js';
import { positions, readPaths, readText } from '../source/collect.js';
import { AT, auditEvent } from './samples.js';

const FIXTURE = 'test/fixtures/inputs/aks-event-hub.json';

function record(category: string, log: unknown): Record<string, unknown> {
  return {
    time: '2026-03-02T09:14:05.1380070Z',
    resourceId:
      '/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/PROD',
    category,
    operationName: 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read',
    properties: {
      log: typeof log === 'string' ? log : JSON.stringify(log),
      stream: 'stdout',
      pod: 'kube-apiserver-1',
    },
  };
}

describe('AKS diagnostic records', () => {
  it('reads an Event Hubs batch: audit logs, a broken one, other categories counted once per category', async () => {
    const items = await readPaths([FIXTURE]);
    expect(positions(items)).toEqual([
      'event@1 $.records[0].properties.log',
      'problem@1 $.records[2].properties.log',
      'problem@1 $.records[1]',
      'problem@1 $.records[3]',
    ]);
    expect(items[1]).toMatchObject({
      reason: expect.stringMatching(
        /^AKS audit log is not JSON \(invalid JSON at column 78: Unterminated string\)$/,
      ),
    });
    expect(items[2]).toMatchObject({
      reason:
        'AKS record of category kube-apiserver is not an audit log (only kube-audit and kube-audit-admin are): skipped 2 such records, the first here',
    });
    expect(items[3]).toMatchObject({
      reason:
        'AKS record of category guard is not an audit log (only kube-audit and kube-audit-admin are)',
    });
    expect(items.at(-1)).toMatchObject({
      kind: 'file-done',
      format: 'aks',
      events: 1,
      problems: 3,
    });
  });

  it('drops a body AKS skipped as too big and says so in an annotation', async () => {
    const [item] = await readPaths([FIXTURE]);
    if (item?.kind !== 'event') throw new Error('expected an event');
    expect(item.event).not.toHaveProperty('responseObject');
    expect(item.event.requestObject).toMatchObject({ kind: 'CronJob' });
    expect(item.event.annotations).toMatchObject({
      'authorization.k8s.io/decision': 'allow',
      [BODY_SKIPPED_ANNOTATION]: 'responseObject',
    });
    const both = fromAks(
      record(
        'kube-audit',
        auditEvent({
          requestObject: 'skipped-too-big-size-object',
          responseObject: 'skipped-too-big-size-object',
          annotations: undefined,
        }),
      ),
      AT,
    ).events[0]!.event;
    expect(both.annotations).toEqual({
      [BODY_SKIPPED_ANNOTATION]: 'requestObject and responseObject',
    });
    expect(both).not.toHaveProperty('requestObject');
  });

  it('reads storage-account blobs, one record per line', async () => {
    const lines = [
      record('kube-audit', auditEvent({ auditID: 'a' })),
      record('kube-audit-admin', auditEvent({ auditID: 'b' })),
    ];
    const items = await readText(lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(positions(items)).toEqual(['event@1 $.properties.log', 'event@2 $.properties.log']);
    expect(items.at(-1)).toMatchObject({ format: 'aks', events: 2 });
  });

  it('reads Log Analytics rows: AzureDiagnostics log_s and AKSAudit columns', () => {
    const diagnostics = {
      TimeGenerated: '2026-03-02T09:14:05Z',
      Category: 'kube-audit',
      log_s: JSON.stringify(auditEvent()),
      pod_s: 'kube-apiserver-1',
    };
    expect(fromAks([diagnostics], AT).events[0]).toMatchObject({
      path: '$[0].log_s',
      event: { verb: 'create' },
    });
    const row = {
      TimeGenerated: '2026-03-02T09:14:05Z',
      Level: 'RequestResponse',
      AuditId: 'r-1',
      Stage: 'ResponseComplete',
      RequestUri: '/apis/batch/v1/namespaces/default/cronjobs',
      Verb: 'create',
      User: '{"username":"jane","groups":["dev"]}',
      SourceIps: ['203.0.113.10'],
      UserAgent: 'kubectl/v1.30.2',
      ObjectRef: {
        resource: 'cronjobs',
        namespace: 'default',
        name: 'x',
        apiGroup: 'batch',
        apiVersion: 'v1',
      },
      ResponseStatus: '{"metadata":{},"code":201}',
      RequestObject: 'skipped-too-big-size-object',
      ResponseObject: '',
      RequestReceivedTime: '2026-03-02T09:14:05.120431Z',
      StageReceivedTime: '2026-03-02T09:14:05.138007Z',
      Annotations: { 'authorization.k8s.io/decision': 'allow' },
      PodName: 'kube-apiserver-1',
      Type: 'AKSAuditAdmin',
    };
    expect(fromAks(row, AT).events[0]!.event).toEqual({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'RequestResponse',
      auditID: 'r-1',
      stage: 'ResponseComplete',
      requestURI: '/apis/batch/v1/namespaces/default/cronjobs',
      verb: 'create',
      user: { username: 'jane', groups: ['dev'] },
      sourceIPs: ['203.0.113.10'],
      userAgent: 'kubectl/v1.30.2',
      objectRef: {
        resource: 'cronjobs',
        namespace: 'default',
        name: 'x',
        apiGroup: 'batch',
        apiVersion: 'v1',
      },
      responseStatus: { metadata: {}, code: 201 },
      requestReceivedTimestamp: '2026-03-02T09:14:05.120431Z',
      stageTimestamp: '2026-03-02T09:14:05.138007Z',
      annotations: {
        'authorization.k8s.io/decision': 'allow',
        [BODY_SKIPPED_ANNOTATION]: 'requestObject',
      },
    });
  });

  it('takes a log a forwarder already parsed into an object', () => {
    const parsed = {
      ...record('kube-audit', ''),
      properties: { log: auditEvent({ auditID: 'p' }) },
    };
    expect(fromAks(parsed, AT).events[0]).toMatchObject({
      path: '$.properties.log',
      event: { auditID: 'p' },
    });
  });

  it('reports records that say nothing usable', () => {
    expect(fromAks({ records: [{ properties: { log: '{}' } }] }, AT).problems[0]).toMatchObject({
      path: '$.records[0]',
      reason: 'AKS record has no category',
    });
    expect(
      fromAks({ records: [{ category: 'kube-audit', properties: {} }] }, AT).problems[0]!.reason,
    ).toBe('AKS kube-audit record has no properties.log string');
    expect(fromAks(record('kube-audit', { level: 'info' }), AT).problems[0]!.reason).toMatch(
      /^AKS audit log is not a Kubernetes audit event \(an object with keys level/,
    );
  });
});
