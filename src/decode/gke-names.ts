import type { AuditObjectRef } from '../schema/audit-event.js';

/**
 * GKE writes no objectRef or verb; both are spelled into `methodName`
 * (`io.k8s.batch.v1.cronjobs.status.update`) and `resourceName`
 * (`batch/v1/namespaces/prod/cronjobs/backup/status`).
 */
export interface GkeTarget {
  verb?: string;
  objectRef: AuditObjectRef;
}

const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
// The API groups from before the `*.k8s.io` naming rule.
const UNSUFFIXED_GROUPS = new Set(['apps', 'batch', 'autoscaling', 'policy', 'extensions']);

export function gkeTarget(
  methodName: string | undefined,
  resourceName: string | undefined,
): GkeTarget {
  const fromMethod = methodName ? parseMethod(methodName) : { objectRef: {} };
  const fromName = resourceName ? parseResourceName(resourceName) : {};
  const ref: AuditObjectRef = { ...fromMethod.objectRef, ...fromName };
  const objectRef: AuditObjectRef = {};
  // A stable key order keeps converted events diffable against native ones.
  for (const key of [
    'resource',
    'namespace',
    'name',
    'apiGroup',
    'apiVersion',
    'subresource',
  ] as const) {
    if (ref[key] !== undefined) objectRef[key] = ref[key];
  }
  return fromMethod.verb === undefined ? { objectRef } : { verb: fromMethod.verb, objectRef };
}

function parseMethod(method: string): GkeTarget {
  const parts = method.split('.');
  const v = parts.findIndex((p, i) => i > 0 && VERSION.test(p));
  if (v < 0 || parts.length - v < 3) return { verb: parts[parts.length - 1], objectRef: {} };
  const rest = parts.slice(v + 1);
  const objectRef: AuditObjectRef = {
    apiGroup: groupFromMethod(parts.slice(0, v)),
    apiVersion: parts[v]!,
    resource: rest[0]!,
  };
  if (rest.length > 2) objectRef.subresource = rest.slice(1, -1).join('/');
  return { verb: rest[rest.length - 1]!, objectRef };
}

// `io.k8s.authorization.rbac` is `rbac.authorization.k8s.io` written backwards.
function groupFromMethod(parts: string[]): string {
  if (parts[0] === 'io' && parts[1] === 'k8s') {
    const own = parts.slice(2);
    if (own.length === 1 && own[0] === 'core') return '';
    if (own.length === 1 && UNSUFFIXED_GROUPS.has(own[0]!)) return own[0]!;
    return [...own.reverse(), 'k8s', 'io'].join('.');
  }
  return [...parts].reverse().join('.');
}

function parseResourceName(resourceName: string): AuditObjectRef {
  const parts = resourceName.split('/');
  if (parts.length < 3 || !VERSION.test(parts[1]!)) return {};
  const ref: AuditObjectRef = {
    apiGroup: parts[0] === 'core' ? '' : parts[0]!,
    apiVersion: parts[1]!,
  };
  let rest = parts.slice(2);
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    ref.namespace = rest[1]!;
    // The API server files a namespace under itself (objectRef.namespace == name).
    if (rest.length > 2) rest = rest.slice(2);
  }
  if (rest[0]) ref.resource = rest[0];
  if (rest[1]) ref.name = rest[1];
  if (rest.length > 2) ref.subresource = rest.slice(2).join('/');
  return ref;
}

// google.rpc.Code → HTTP, as the code's own documentation maps them.
const RPC_TO_HTTP: Record<number, number> = {
  0: 200,
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/** HTTP status for a google.rpc code; a successful create answers 201 like the API server. */
export function httpStatusFromRpc(code: number, verb: string | undefined): number {
  if (code === 0 && verb === 'create') return 201;
  return RPC_TO_HTTP[code] ?? 500;
}
