import type { AuditEvent } from '../schema/audit-event.js';
import type { SourcePosition } from '../source/types.js';
import { gkeTarget, httpStatusFromRpc } from './gke-names.js';
import {
  decodeEach,
  describeValue,
  eventResult,
  isRecord,
  problemResult,
  skippedResult,
  stringField,
  type DecodeResult,
} from './shared.js';

export const GKE_EXPECTED =
  'expected a Cloud Logging LogEntry with a protoPayload AuditLog, as `gcloud logging read --format=json` prints';

const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

export function looksLikeGke(value: Record<string, unknown>): boolean {
  return isRecord(value.protoPayload);
}

/**
 * GKE audit logs from Cloud Logging: LogEntry objects (one per line, or the array
 * `gcloud logging read --format=json` prints) converted to the native Event. Only what the entry
 * says is carried over: GKE records no requestURI or groups, so the event has none.
 */
export function fromGke(value: unknown, at: SourcePosition): DecodeResult {
  if (Array.isArray(value)) return decodeEach(value, at, '', fromGke);
  if (!isRecord(value) || !isRecord(value.protoPayload)) {
    return problemResult(
      at,
      `not a GKE audit log entry (${describeValue(value)}; ${GKE_EXPECTED})`,
    );
  }
  const payload = value.protoPayload;
  const type = payload['@type'];
  if (type !== undefined && type !== AUDIT_LOG_TYPE) {
    return problemResult(at, `GKE log entry's protoPayload is ${String(type)}, not an AuditLog`);
  }
  const service = stringField(payload, 'serviceName');
  const method = stringField(payload, 'methodName');
  if (service !== 'k8s.io' && !method?.startsWith('io.k8s.')) {
    // Cluster management calls (container.googleapis.com) share the log but are not API server events.
    return skippedResult(
      at,
      `Cloud audit log entry of service ${service ?? '(none)'} is not a Kubernetes API server audit log (serviceName k8s.io)`,
    );
  }
  return eventResult(at, toAuditEvent(value, payload, method), 'gke');
}

function toAuditEvent(
  entry: Record<string, unknown>,
  payload: Record<string, unknown>,
  method: string | undefined,
): AuditEvent {
  const target = gkeTarget(method, stringField(payload, 'resourceName'));
  const operation = isRecord(entry.operation) ? entry.operation : {};
  const request = withoutType(payload.request);
  const response = withoutType(payload.response);
  const event: AuditEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level:
      response !== undefined ? 'RequestResponse' : request !== undefined ? 'Request' : 'Metadata',
  };
  const auditID = stringField(operation, 'id') ?? stringField(entry, 'insertId');
  if (auditID !== undefined) event.auditID = auditID;
  event.stage =
    operation.first === true && operation.last !== true ? 'RequestReceived' : 'ResponseComplete';
  if (target.verb !== undefined) event.verb = target.verb;
  const auth = isRecord(payload.authenticationInfo) ? payload.authenticationInfo : {};
  const username = stringField(auth, 'principalEmail') ?? stringField(auth, 'principalSubject');
  if (username !== undefined) event.user = { username };
  const meta = isRecord(payload.requestMetadata) ? payload.requestMetadata : {};
  const callerIp = stringField(meta, 'callerIp');
  if (callerIp !== undefined) event.sourceIPs = [callerIp];
  const userAgent = stringField(meta, 'callerSuppliedUserAgent');
  if (userAgent !== undefined) event.userAgent = userAgent;
  if (Object.keys(target.objectRef).length > 0) event.objectRef = target.objectRef;
  const status = responseStatus(payload, response, target.verb);
  if (status) event.responseStatus = status;
  if (request !== undefined) event.requestObject = request;
  if (response !== undefined) event.responseObject = response;
  // A LogEntry has one time for the request; receiveTimestamp is when Cloud Logging got it.
  const time = stringField(entry, 'timestamp') ?? stringField(entry, 'receiveTimestamp');
  if (time !== undefined) {
    event.requestReceivedTimestamp = time;
    event.stageTimestamp = time;
  }
  const annotations = annotationsOf(entry, payload);
  if (annotations) event.annotations = annotations;
  return event;
}

// Cloud Logging tags bodies with their proto type; the native event has no such key.
function withoutType(body: unknown): unknown {
  if (!isRecord(body) || !('@type' in body)) return body;
  const { '@type': _type, ...rest } = body;
  return rest;
}

function responseStatus(
  payload: Record<string, unknown>,
  response: unknown,
  verb: string | undefined,
): AuditEvent['responseStatus'] {
  // A Status body carries the HTTP code the API server really answered.
  if (isRecord(response) && response.kind === 'Status' && typeof response.code === 'number') {
    const status: NonNullable<AuditEvent['responseStatus']> = { code: response.code };
    for (const key of ['status', 'reason', 'message'] as const) {
      const v = stringField(response, key);
      if (v !== undefined) status[key] = v;
    }
    return status;
  }
  if (!isRecord(payload.status)) return undefined;
  // proto3 JSON leaves out a zero code, so `status: {}` is OK.
  const rpc = typeof payload.status.code === 'number' ? payload.status.code : 0;
  const status: NonNullable<AuditEvent['responseStatus']> = { code: httpStatusFromRpc(rpc, verb) };
  const message = stringField(payload.status, 'message');
  if (message) status.message = message;
  return status;
}

function annotationsOf(
  entry: Record<string, unknown>,
  payload: Record<string, unknown>,
): Record<string, string> | undefined {
  const annotations: Record<string, string> = {};
  if (isRecord(entry.labels)) {
    for (const [k, v] of Object.entries(entry.labels))
      if (typeof v === 'string') annotations[k] = v;
  }
  const denied =
    Array.isArray(payload.authorizationInfo) &&
    payload.authorizationInfo.some((a) => isRecord(a) && a.granted === false);
  if (denied && annotations['authorization.k8s.io/decision'] === undefined) {
    annotations['authorization.k8s.io/decision'] = 'forbid';
  }
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}
