import type { AuditEvent } from '../schema/audit-event.js';
import type { SourcePosition } from '../source/types.js';
import { isAuditEvent, notAuditEventReason } from './native.js';
import {
  childAt,
  decodeEach,
  describeValue,
  eventResult,
  isRecord,
  parseEmbeddedJson,
  problemResult,
  skippedResult,
  stringField,
  type DecodeResult,
} from './shared.js';

export const AKS_EXPECTED =
  'expected Azure diagnostic records {"records": [{"category": "kube-audit", "properties": {"log": "<audit event JSON>"}}]}, one record per line, or an AzureDiagnostics / AKSAudit Log Analytics row';

const AUDIT_CATEGORIES = new Set(['kube-audit', 'kube-audit-admin']);
const SKIPPED_BODY = 'skipped-too-big-size-object';
export const BODY_SKIPPED_ANNOTATION = 'cronwarden.io/body-skipped';

export function looksLikeAks(value: Record<string, unknown>): boolean {
  if (Array.isArray(value.records)) return true;
  if (typeof category(value) === 'string' && ('properties' in value || 'log_s' in value))
    return true;
  return isAksAuditRow(value);
}

// The resource-specific AKSAudit / AKSAuditAdmin tables spell the event's fields in PascalCase.
function isAksAuditRow(value: Record<string, unknown>): boolean {
  const type = stringField(value, 'Type');
  return (
    typeof value.AuditId === 'string' &&
    (typeof value.Verb === 'string' || /Audit/.test(type ?? ''))
  );
}

/**
 * AKS audit logs from Azure Monitor: diagnostic-setting records (Event Hubs batches
 * `{"records": [...]}`, or storage-account blobs with one record per line) and Log Analytics
 * rows (AzureDiagnostics with `log_s`, AKSAudit with one column per field).
 */
export function fromAks(value: unknown, at: SourcePosition): DecodeResult {
  if (Array.isArray(value)) return decodeEach(value, at, '', fromAks);
  if (!isRecord(value) || !looksLikeAks(value)) {
    return problemResult(
      at,
      `not an AKS diagnostic log record (${describeValue(value)}; ${AKS_EXPECTED})`,
    );
  }
  if (Array.isArray(value.records)) return decodeEach(value.records, at, '.records', fromRecord);
  return fromRecord(value, at);
}

function fromRecord(value: unknown, at: SourcePosition): DecodeResult {
  if (!isRecord(value))
    return problemResult(at, `not an AKS diagnostic log record (${describeValue(value)})`);
  if (isAksAuditRow(value)) return eventResult(at, withSkippedBodies(fromAuditRow(value)), 'aks');
  const cat = category(value);
  if (cat === undefined) return problemResult(at, 'AKS record has no category');
  if (!AUDIT_CATEGORIES.has(cat.toLowerCase())) {
    return skippedResult(
      at,
      `AKS record of category ${cat} is not an audit log (only kube-audit and kube-audit-admin are)`,
    );
  }
  let properties = value.properties;
  if (typeof properties === 'string') {
    const parsed = parseEmbeddedJson(properties);
    if (!parsed.ok)
      return problemResult(
        childAt(at, '.properties'),
        `AKS record properties are not JSON (${parsed.reason})`,
      );
    properties = parsed.value;
  }
  const [log, logAt] =
    isRecord(properties) && 'log' in properties
      ? [properties.log, childAt(at, '.properties.log')]
      : [value.log_s, childAt(at, '.log_s')];
  // Some forwarders parse the log string on the way; the event is then already an object.
  if (isRecord(log) && isAuditEvent(log))
    return eventResult(logAt, withSkippedBodies({ ...log }), 'aks');
  if (typeof log !== 'string')
    return problemResult(at, `AKS ${cat} record has no properties.log string`);
  const parsed = parseEmbeddedJson(log);
  if (!parsed.ok) return problemResult(logAt, `AKS audit log is not JSON (${parsed.reason})`);
  if (!isAuditEvent(parsed.value))
    return problemResult(logAt, `AKS audit log is ${notAuditEventReason(parsed.value)}`);
  return eventResult(logAt, withSkippedBodies(parsed.value), 'aks');
}

function category(value: Record<string, unknown>): string | undefined {
  return stringField(value, 'category') ?? stringField(value, 'Category');
}

const ROW_FIELDS: ReadonlyArray<readonly [string, keyof AuditEvent]> = [
  ['Level', 'level'],
  ['AuditId', 'auditID'],
  ['Stage', 'stage'],
  ['RequestUri', 'requestURI'],
  ['Verb', 'verb'],
  ['User', 'user'],
  ['ImpersonatedUser', 'impersonatedUser'],
  ['SourceIps', 'sourceIPs'],
  ['UserAgent', 'userAgent'],
  ['ObjectRef', 'objectRef'],
  ['ResponseStatus', 'responseStatus'],
  ['RequestObject', 'requestObject'],
  ['ResponseObject', 'responseObject'],
  ['RequestReceivedTime', 'requestReceivedTimestamp'],
  ['StageReceivedTime', 'stageTimestamp'],
  ['Annotations', 'annotations'],
];

function fromAuditRow(row: Record<string, unknown>): AuditEvent {
  const event: AuditEvent = { kind: 'Event', apiVersion: 'audit.k8s.io/v1' };
  for (const [column, field] of ROW_FIELDS) {
    const value = dynamicColumn(row[column]);
    if (value !== undefined && value !== null && value !== '') event[field] = value;
  }
  return event;
}

// Query exports (`az monitor log-analytics query`) write dynamic columns as JSON text.
function dynamicColumn(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  const parsed = parseEmbeddedJson(value);
  return parsed.ok ? parsed.value : value;
}

/**
 * AKS replaces bodies it will not ship with a marker string. The marker is not the object, so
 * it goes, and an annotation tells later stages why there is no body to inspect.
 */
export function withSkippedBodies(event: AuditEvent): AuditEvent {
  const skipped = (['requestObject', 'responseObject'] as const).filter(
    (k) => event[k] === SKIPPED_BODY,
  );
  if (skipped.length === 0) return event;
  for (const k of skipped) delete event[k];
  event.annotations = { ...event.annotations, [BODY_SKIPPED_ANNOTATION]: skipped.join(' and ') };
  return event;
}
