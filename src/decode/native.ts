import type { AuditEvent } from '../schema/audit-event.js';
import type { SourcePosition } from '../source/types.js';
import {
  decodeEach,
  describeValue,
  eventResult,
  isRecord,
  problemResult,
  type DecodeResult,
} from './shared.js';

export const NATIVE_EXPECTED =
  'expected an audit.k8s.io Event, an EventList or a JSON array of events, one per line or as one document';

/**
 * An audit.k8s.io Event as the API server writes it. `kind`/`apiVersion` are checked first; the
 * three always-present strings accept events whose exporter dropped the type fields.
 */
export function isAuditEvent(value: unknown): value is AuditEvent {
  if (!isRecord(value)) return false;
  if (
    value.kind === 'Event' &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('audit.k8s.io/')
  )
    return true;
  return (
    typeof value.auditID === 'string' &&
    typeof value.verb === 'string' &&
    typeof value.stage === 'string'
  );
}

export function isEventList(value: unknown): value is { items: unknown[] } {
  return isRecord(value) && value.kind === 'EventList' && Array.isArray(value.items);
}

/** Native audit events: one Event, an EventList, or an array of either. */
export function fromNative(value: unknown, at: SourcePosition): DecodeResult {
  if (Array.isArray(value)) return decodeEach(value, at, '', fromNative);
  if (isEventList(value)) return decodeEach(value.items, at, '.items', fromNativeEvent);
  return fromNativeEvent(value, at);
}

function fromNativeEvent(value: unknown, at: SourcePosition): DecodeResult {
  if (isAuditEvent(value)) return eventResult(at, value, 'native');
  return problemResult(at, notAuditEventReason(value));
}

/** Why a value is not an audit event, with a hint when it is a common look-alike. */
export function notAuditEventReason(value: unknown, expected = NATIVE_EXPECTED): string {
  if (isRecord(value) && isRecord(value.involvedObject)) {
    return 'not a Kubernetes audit event: this is a core/v1 Event (as `kubectl get events` prints); read the API server audit log instead';
  }
  return `not a Kubernetes audit event (${describeValue(value)}; ${expected})`;
}
