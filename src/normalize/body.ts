import type { AuditEvent } from '../schema/audit-event.js';
import { partialObjectFromJsonPatch } from './json-patch.js';
import type { ActionFacts } from './types.js';

export interface InspectableBody {
  object: Record<string, unknown>;
  source: ActionFacts['bodySource'];
}

/**
 * The object a write left behind, as completely as the event shows it: the stored
 * `responseObject` first (for a patch it is the only whole view), then the `requestObject` of a
 * create or update, then a patch document read as the partial object it describes.
 */
export function inspectableBody(event: AuditEvent): InspectableBody | null {
  const stored = event.responseObject;
  if (isStoredObject(stored)) return { object: stored, source: 'responseObject' };
  const request = event.requestObject;
  if (event.verb === 'patch') {
    if (Array.isArray(request)) {
      return { object: partialObjectFromJsonPatch(request), source: 'jsonPatch' };
    }
    if (isObject(request)) return { object: request, source: 'mergePatch' };
    return null;
  }
  if (isObject(request)) return { object: request, source: 'requestObject' };
  return null;
}

/** Why a write to a workload carried no body to inspect, for people reading the alert. */
export function bodyMissingReason(event: AuditEvent): string {
  const code = event.responseStatus?.code;
  if (code === 401 || code === 403) return 'denied before the body was read';
  const skipped = event.annotations?.['cronwarden.io/body-skipped'];
  if (skipped) return `the log source dropped the ${skipped} as too big`;
  if (event.stage === 'RequestReceived') return 'RequestReceived stage carries no body';
  if (event.level === 'Metadata' || event.level === 'None')
    return 'logged at Metadata level: raise batch, apps and pods to RequestResponse in the audit policy';
  return 'no request or response body recorded';
}

// A Status (errors) or a list is not the stored object; a stored object has metadata.
function isStoredObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  if (value.kind === 'Status') return false;
  return isObject(value.metadata) || isObject(value.spec);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
