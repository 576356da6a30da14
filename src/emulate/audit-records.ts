import type { AuditEvent, AuditObjectRef, AuditUser } from '../schema/audit-event.js';
import { sortedKeys } from './field-order.js';
import { microTime } from './ids.js';
import type { Actor, AuditIdentity, AuditLevel } from './types.js';

export interface ResponseStatus {
  metadata: Record<string, never>;
  status?: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

/** One API request, everything the audit backend learns about it by the end. */
export interface LoggedRequest {
  auditID: string;
  level: AuditLevel;
  verb: string;
  requestURI: string;
  actor: Actor;
  /** objectRef as known from the URL alone (RequestReceived). */
  urlObjectRef: AuditObjectRef;
  /** objectRef completed from the decoded body (ResponseComplete). */
  objectRef: AuditObjectRef;
  responseStatus: ResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  receivedMicros: number;
  completedMicros: number;
  annotations: Record<string, string>;
}

/**
 * The RequestReceived and ResponseComplete events of a request. RequestReceived is written
 * before the body is read and before impersonation and authorization run: no bodies, no
 * responseStatus, no impersonatedUser, no annotations, and no name for a create.
 */
export function requestEvents(r: LoggedRequest): [AuditEvent, AuditEvent] {
  const received: AuditEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: r.level,
    auditID: r.auditID,
    stage: 'RequestReceived',
    requestURI: r.requestURI,
    verb: r.verb,
    user: user(r.actor),
    sourceIPs: [r.actor.sourceIP],
    userAgent: r.actor.userAgent,
    objectRef: objectRefInOrder(r.urlObjectRef),
    requestReceivedTimestamp: microTime(r.receivedMicros),
    stageTimestamp: microTime(r.receivedMicros),
  };
  const complete: AuditEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: r.level,
    auditID: r.auditID,
    stage: 'ResponseComplete',
    requestURI: r.requestURI,
    verb: r.verb,
    user: user(r.actor),
  };
  if (r.actor.impersonatedUser) complete.impersonatedUser = user(r.actor.impersonatedUser);
  Object.assign(complete, {
    sourceIPs: [r.actor.sourceIP],
    userAgent: r.actor.userAgent,
    objectRef: objectRefInOrder(r.objectRef),
    responseStatus: r.responseStatus,
  });
  if (r.level !== 'Metadata' && r.requestObject !== undefined)
    complete.requestObject = r.requestObject;
  if (r.level === 'RequestResponse' && r.responseObject !== undefined)
    complete.responseObject = r.responseObject;
  complete.requestReceivedTimestamp = microTime(r.receivedMicros);
  complete.stageTimestamp = microTime(r.completedMicros);
  complete.annotations = sortedKeys(r.annotations);
  return [received, complete];
}

function user(identity: AuditIdentity): AuditUser {
  const out: AuditUser = { username: identity.username };
  if (identity.uid) out.uid = identity.uid;
  if (identity.groups) out.groups = [...identity.groups];
  if (identity.extra) out.extra = sortedKeys(identity.extra);
  return out;
}

const OBJECT_REF_ORDER = [
  'resource',
  'namespace',
  'name',
  'uid',
  'apiGroup',
  'apiVersion',
  'resourceVersion',
  'subresource',
] as const;

function objectRefInOrder(ref: AuditObjectRef): AuditObjectRef {
  const out: AuditObjectRef = {};
  for (const key of OBJECT_REF_ORDER) if (ref[key]) out[key] = ref[key];
  return out;
}

/** A Status as the handler writes it; at RequestResponse level it is also the responseObject. */
export function statusObject(s: ResponseStatus): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', ...s };
}
