import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGke } from '../../src/decode/gke.js';
import { positions, readPaths } from '../source/collect.js';
import { AT } from './samples.js';

const FIXTURE = 'test/fixtures/inputs/gke-logging-read.json';
const entries = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Array<Record<string, unknown>>;

function entry(
  payload: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    insertId: 'i-1',
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      serviceName: 'k8s.io',
      ...payload,
    },
    timestamp: '2026-03-02T09:00:00Z',
    ...extra,
  };
}

describe('GKE Cloud Logging entries', () => {
  it('reads the array `gcloud logging read --format=json` prints, skipping cluster-management entries', async () => {
    const items = await readPaths([FIXTURE]);
    expect(positions(items)).toEqual(['event@1 $[0]', 'event@1 $[1]', 'problem@1 $[2]']);
    expect(items[2]).toMatchObject({
      reason:
        'Cloud audit log entry of service container.googleapis.com is not a Kubernetes API server audit log (serviceName k8s.io)',
    });
    expect(items.at(-1)).toMatchObject({
      kind: 'file-done',
      format: 'gke',
      events: 2,
      problems: 1,
    });
  });

  it('converts a cronjobs.create entry to the native event faithfully', () => {
    const { events, problems } = fromGke(entries[0], AT);
    expect(problems).toEqual([]);
    const payload = entries[0]!.protoPayload as {
      request: Record<string, unknown>;
      response: Record<string, unknown>;
    };
    const { '@type': _req, ...request } = payload.request;
    const { '@type': _res, ...response } = payload.response;
    expect(events[0]!.event).toEqual({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'RequestResponse',
      auditID: '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
      stage: 'ResponseComplete',
      verb: 'create',
      user: { username: 'ci-deployer@shop-prod.iam.gserviceaccount.com' },
      sourceIPs: ['34.118.20.7'],
      userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/39683505',
      objectRef: {
        resource: 'cronjobs',
        namespace: 'kube-system',
        name: 'log-rotate',
        apiGroup: 'batch',
        apiVersion: 'v1',
      },
      responseStatus: { code: 201 },
      requestObject: request,
      responseObject: response,
      requestReceivedTimestamp: '2026-03-02T09:14:05.138007Z',
      stageTimestamp: '2026-03-02T09:14:05.138007Z',
      annotations: {
        'authorization.k8s.io/decision': 'allow',
        'authorization.k8s.io/reason': 'access granted by IAM permissions.',
      },
    });
    expect(request).not.toHaveProperty('@type');
  });

  it('converts a denied exec: subresource, core group, rpc PERMISSION_DENIED as 403, Metadata level', () => {
    const event = fromGke(entries[1], AT).events[0]!.event;
    expect(event).toMatchObject({
      level: 'Metadata',
      verb: 'create',
      objectRef: {
        resource: 'pods',
        subresource: 'exec',
        namespace: 'web',
        name: 'frontend-7d9f8b-x2x4q',
        apiGroup: '',
        apiVersion: 'v1',
      },
      responseStatus: { code: 403, message: 'Forbidden' },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
    });
    expect(event).not.toHaveProperty('requestObject');
  });

  it.each([
    [
      'io.k8s.apps.v1.deployments.patch',
      'apps/v1/namespaces/shop/deployments/web',
      {
        verb: 'patch',
        objectRef: {
          resource: 'deployments',
          namespace: 'shop',
          name: 'web',
          apiGroup: 'apps',
          apiVersion: 'v1',
        },
      },
    ],
    [
      'io.k8s.batch.v1.cronjobs.status.update',
      'batch/v1/namespaces/ops/cronjobs/backup/status',
      {
        verb: 'update',
        objectRef: {
          resource: 'cronjobs',
          subresource: 'status',
          namespace: 'ops',
          name: 'backup',
          apiGroup: 'batch',
        },
      },
    ],
    [
      'io.k8s.authorization.rbac.v1.clusterrolebindings.create',
      'rbac.authorization.k8s.io/v1/clusterrolebindings/pwn',
      {
        verb: 'create',
        objectRef: {
          resource: 'clusterrolebindings',
          name: 'pwn',
          apiGroup: 'rbac.authorization.k8s.io',
          apiVersion: 'v1',
        },
      },
    ],
    [
      'io.k8s.core.v1.namespaces.delete',
      'core/v1/namespaces/dev',
      {
        verb: 'delete',
        objectRef: { resource: 'namespaces', namespace: 'dev', name: 'dev', apiGroup: '' },
      },
    ],
    [
      'io.k8s.core.v1.pods.list',
      'core/v1/namespaces/web/pods',
      { verb: 'list', objectRef: { resource: 'pods', namespace: 'web', apiGroup: '' } },
    ],
    [
      'io.k8s.networking.v1.networkpolicies.delete',
      undefined,
      {
        verb: 'delete',
        objectRef: { resource: 'networkpolicies', apiGroup: 'networking.k8s.io', apiVersion: 'v1' },
      },
    ],
  ])('reads %s / %s', (methodName, resourceName, expected) => {
    const event = fromGke(entry({ methodName, resourceName }), AT).events[0]!.event;
    expect(event).toMatchObject(expected);
  });

  it.each([
    [{}, 'create', 201],
    [{}, 'get', 200],
    [{ code: 6 }, 'create', 409],
    [{ code: 16 }, 'get', 401],
    [{ code: 5 }, 'get', 404],
    [{ code: 10 }, 'update', 409],
    [{ code: 3 }, 'create', 400],
    [{ code: 99 }, 'get', 500],
  ])('maps rpc status %j of a %s to HTTP %i', (status, verb, code) => {
    const event = fromGke(entry({ methodName: `io.k8s.core.v1.pods.${verb}`, status }), AT)
      .events[0]!.event;
    expect(event.responseStatus?.code).toBe(code);
  });

  it('prefers the code of a Status response body, the HTTP code the API server sent', () => {
    const response = {
      '@type': 'core.k8s.io/v1.Status',
      kind: 'Status',
      code: 422,
      status: 'Failure',
      reason: 'Invalid',
      message: 'bad',
    };
    const event = fromGke(
      entry({ methodName: 'io.k8s.batch.v1.jobs.create', response, status: { code: 3 } }),
      AT,
    ).events[0]!.event;
    expect(event.responseStatus).toEqual({
      code: 422,
      status: 'Failure',
      reason: 'Invalid',
      message: 'bad',
    });
  });

  it('marks a denial from authorizationInfo when no label says so, and invents nothing else', () => {
    const event = fromGke(
      entry({
        methodName: 'io.k8s.core.v1.secrets.get',
        authorizationInfo: [{ granted: false, permission: 'io.k8s.core.v1.secrets.get' }],
      }),
      AT,
    ).events[0]!.event;
    expect(event.annotations).toEqual({ 'authorization.k8s.io/decision': 'forbid' });
    expect(event).not.toHaveProperty('responseStatus');
    expect(event).not.toHaveProperty('requestURI');
    expect(event).not.toHaveProperty('sourceIPs');
    expect(event.auditID).toBe('i-1');
  });

  it('sets RequestReceived for an operation that is first but not last', () => {
    const event = fromGke(
      entry({ methodName: 'io.k8s.core.v1.pods.watch' }, { operation: { id: 'op', first: true } }),
      AT,
    ).events[0]!.event;
    expect(event).toMatchObject({ stage: 'RequestReceived', auditID: 'op' });
  });

  it('reports entries that are not AuditLogs', () => {
    const other = {
      protoPayload: { '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog' },
    };
    expect(fromGke(other, AT).problems[0]!.reason).toBe(
      "GKE log entry's protoPayload is type.googleapis.com/google.appengine.logging.v1.RequestLog, not an AuditLog",
    );
    expect(fromGke({ jsonPayload: {} }, AT).problems[0]!.reason).toMatch(
      /^not a GKE audit log entry/,
    );
  });
});
