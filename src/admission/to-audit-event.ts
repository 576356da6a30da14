import type { AuditEvent, AuditObjectRef, AuditUser } from '../schema/audit-event.js';
import type { AdmissionRequest } from './review.js';

/**
 * The audit event the API server would log for an admitted request at RequestResponse level,
 * so `normalize()` derives the same facts and the same rules apply unchanged.
 *
 * What is known at admission differs from a finished log line, and each choice follows from
 * what the normalizer reads:
 * - `verb` comes from the operation. A PATCH also reaches webhooks as UPDATE, with the whole
 *   patched object, which is what rules want (the patch document is a partial view).
 * - `requestObject` is the object the webhook sees: defaulted and mutated, i.e. what would be
 *   stored. There is no `responseObject`: nothing is stored yet, and the object could be denied.
 * - `stage` is left out. No audit stage means "during admission"; `RequestReceived` would make
 *   the normalizer treat the event as bodiless (real ones are), and `ResponseComplete` would
 *   claim a response that does not exist. The normalizer only reads the stage to explain a
 *   missing body, so leaving it out is exact.
 * - `responseStatus` is left out for the same reason: the outcome is what is being decided, and
 *   a code would make `action.failed` grade our own denial as a failed attempt.
 * - The authorization decision is `allow`: admission only runs after authorization allowed it.
 * - `user` is `userInfo`, extras included (they trace a service-account token to its pod).
 *   Admission sees only the identity the request acts as, never the impersonator, so
 *   `actor.impersonated` is false here even under `kubectl --as`.
 * - `auditID`, `sourceIPs` and `userAgent` are not in an AdmissionReview and stay unset; the
 *   webhook's `request.uid` is a per-call id, not the audit ID.
 */
export function toAuditEvent(request: AdmissionRequest, receivedAt: Date): AuditEvent {
  const { resource } = request;
  const objectRef: AuditObjectRef = { resource: resource.resource };
  // Empty values are left out, as the API server's omitempty does in real log lines.
  if (request.namespace) objectRef.namespace = request.namespace;
  if (request.name) objectRef.name = request.name;
  if (resource.group) objectRef.apiGroup = resource.group;
  if (resource.version) objectRef.apiVersion = resource.version;
  if (request.subResource) objectRef.subresource = request.subResource;
  const event: AuditEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    requestURI: requestURI(request),
    verb: request.operation === 'CREATE' ? 'create' : 'update',
    user: auditUser(request.userInfo),
    objectRef,
    requestReceivedTimestamp: receivedAt.toISOString(),
    annotations: { 'authorization.k8s.io/decision': 'allow' },
  };
  if (request.object) event.requestObject = request.object;
  return event;
}

function auditUser(info: AdmissionRequest['userInfo']): AuditUser {
  const user: AuditUser = {};
  if (info.username !== undefined) user.username = info.username;
  if (info.uid !== undefined) user.uid = info.uid;
  if (info.groups !== undefined) user.groups = info.groups;
  if (info.extra !== undefined) user.extra = info.extra;
  return user;
}

/** The path the client wrote to (core group under /api), with the dry-run query it sent. */
function requestURI(r: AdmissionRequest): string {
  const { group, version, resource } = r.resource;
  let path = group ? `/apis/${group}/${version}` : `/api/${version}`;
  if (r.namespace) path += `/namespaces/${encodeURIComponent(r.namespace)}`;
  path += `/${resource}`;
  if ((r.operation !== 'CREATE' || r.subResource) && r.name)
    path += `/${encodeURIComponent(r.name)}`;
  if (r.subResource) path += `/${r.subResource}`;
  return r.dryRun ? `${path}?dryRun=All` : path;
}
