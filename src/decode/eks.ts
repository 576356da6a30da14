import type { SourcePosition } from '../source/types.js';
import { isAuditEvent, notAuditEventReason } from './native.js';
import {
  childAt,
  decodeEach,
  describeValue,
  emptyResult,
  eventResult,
  isRecord,
  parseEmbeddedJson,
  problemResult,
  skippedResult,
  stringField,
  type DecodeResult,
} from './shared.js';

export const EKS_EXPECTED =
  'expected a CloudWatch Logs record {"message": "<audit event JSON>", …}, `aws logs filter-log-events` output {"events": […]} or a subscription payload {"logEvents": […]}';

// CloudWatch Logs caps an event at 256 KiB and cuts longer audit events mid-JSON.
const CLOUDWATCH_EVENT_LIMIT = 256 * 1024 - 1024;

/** Whether a value is one of the CloudWatch Logs shapes EKS audit logs are exported in. */
export function looksLikeEks(value: Record<string, unknown>): boolean {
  if (typeof value.messageType === 'string' || Array.isArray(value.logEvents)) return true;
  if (Array.isArray(value.events)) {
    // An empty page of `filter-log-events` / `get-log-events` output is still that output.
    const paging = 'searchedLogStreams' in value || 'nextForwardToken' in value;
    return paging || value.events.some((e) => isRecord(e) && 'message' in e);
  }
  if (typeof value['@message'] === 'string') return true;
  return (
    typeof value.message === 'string' &&
    ('logStreamName' in value ||
      'logStream' in value ||
      'ingestionTime' in value ||
      'timestamp' in value)
  );
}

/**
 * EKS audit events exported from CloudWatch Logs: single records, `filter-log-events` /
 * `get-log-events` output, and subscription (Firehose, Lambda) payloads. The `message` is the
 * native audit event as JSON text.
 */
export function fromEks(value: unknown, at: SourcePosition): DecodeResult {
  if (Array.isArray(value)) return decodeEach(value, at, '', fromEks);
  if (!isRecord(value) || !looksLikeEks(value)) {
    return problemResult(
      at,
      `not an EKS CloudWatch Logs record (${describeValue(value)}; ${EKS_EXPECTED})`,
    );
  }
  if (value.messageType === 'CONTROL_MESSAGE') return emptyResult(); // CloudWatch's reachability check
  if (Array.isArray(value.logEvents)) {
    const stream = stringField(value, 'logStream');
    return decodeEach(value.logEvents, at, '.logEvents', (e, p) => fromRecord(e, p, stream));
  }
  if (Array.isArray(value.events))
    return decodeEach(value.events, at, '.events', (e, p) => fromRecord(e, p));
  return fromRecord(value, at);
}

function fromRecord(value: unknown, at: SourcePosition, stream?: string): DecodeResult {
  if (!isRecord(value))
    return problemResult(at, `not a CloudWatch Logs event (${describeValue(value)})`);
  const messageKey = typeof value['@message'] === 'string' ? '@message' : 'message';
  const message = value[messageKey];
  const messageAt = childAt(at, messageKey === 'message' ? '.message' : `['@message']`);
  const streamName =
    stream ??
    stringField(value, 'logStreamName') ??
    stringField(value, 'logStream') ??
    stringField(value, '@logStream');
  if (streamName !== undefined && !streamName.startsWith('kube-apiserver-audit')) {
    return skippedResult(
      at,
      `EKS log stream ${streamKind(streamName)} is not the audit log (only kube-apiserver-audit-* streams hold audit events)`,
    );
  }
  if (typeof message !== 'string')
    return problemResult(at, 'CloudWatch Logs event has no message string');
  if (message.trim() === '') return problemResult(messageAt, 'EKS message is empty');
  const parsed = parseEmbeddedJson(message);
  if (!parsed.ok) {
    const cut =
      message.length >= CLOUDWATCH_EVENT_LIMIT ? '; CloudWatch Logs cuts events over 256 KiB' : '';
    return problemResult(messageAt, `EKS message is not JSON (${parsed.reason})${cut}`);
  }
  if (!isAuditEvent(parsed.value)) {
    return problemResult(messageAt, `EKS message is ${notAuditEventReason(parsed.value)}`);
  }
  return eventResult(messageAt, parsed.value, 'eks');
}

// `kube-apiserver-0a1b2c3d…` and `authenticator-…` carry an instance suffix; group by the kind.
function streamKind(name: string): string {
  const kind = name.replace(/-[0-9a-f]{6,}$/i, '');
  return kind === name ? name : `${kind}-*`;
}
