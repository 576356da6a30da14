import type { AuditEvent } from '../../src/schema/audit-event.js';
import type { SourcePosition } from '../../src/source/types.js';

export const AT: SourcePosition = { file: 'audit.json', line: 7 };

/** A native audit event for a CronJob create, as the API server writes it. */
export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: '7f3c2a10-8e5d-4b7a-9c1e-2d4f6a8b0c13',
    stage: 'ResponseComplete',
    requestURI: '/apis/batch/v1/namespaces/default/cronjobs',
    verb: 'create',
    user: { username: 'jane', groups: ['system:authenticated'] },
    sourceIPs: ['203.0.113.10'],
    objectRef: {
      resource: 'cronjobs',
      namespace: 'default',
      name: 'x',
      apiGroup: 'batch',
      apiVersion: 'v1',
    },
    responseStatus: { code: 201 },
    requestObject: { kind: 'CronJob', metadata: { name: 'x' }, spec: { schedule: '* * * * *' } },
    requestReceivedTimestamp: '2026-03-02T09:14:05.120431Z',
    stageTimestamp: '2026-03-02T09:14:05.138007Z',
    ...overrides,
  };
}
