import type { AuditEvent } from '../schema/audit-event.js';
import type { SourcePosition } from '../source/types.js';
import { isAuditEvent } from './native.js';
import {
  childAt,
  decodeEach,
  describeValue,
  emptyResult,
  eventResult,
  isRecord,
  problemResult,
  type DecodeResult,
} from './shared.js';

export const ELASTIC_EXPECTED =
  'expected a Filebeat / Elastic Agent document with kubernetes.audit fields, an Elasticsearch search response {"hits": {"hits": [...]}} or a _bulk export';

const PREFIX = 'kubernetes.audit.';
const BULK_ACTIONS = new Set(['index', 'create', 'update', 'delete']);

export function looksLikeElastic(value: Record<string, unknown>): boolean {
  if (isRecord(value.hits) && Array.isArray(value.hits.hits)) return true;
  if (isRecord(value._source) || isBulkAction(value)) return true;
  if (isRecord(value.doc) && Object.keys(value).every((k) => k === 'doc' || k === 'doc_as_upsert'))
    return true;
  return hasAuditFields(value);
}

function hasAuditFields(doc: Record<string, unknown>): boolean {
  const k8s = doc.kubernetes;
  if (
    isRecord(k8s) &&
    (isRecord(k8s.audit) || Object.keys(k8s).some((k) => k.startsWith('audit.')))
  )
    return true;
  return isRecord(doc['kubernetes.audit']) || Object.keys(doc).some((k) => k.startsWith(PREFIX));
}

// `{"index": {"_index": "logs", "_id": "1"}}`: the line before each document in a _bulk body.
function isBulkAction(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  if (keys.length !== 1 || !BULK_ACTIONS.has(keys[0]!)) return false;
  const meta = value[keys[0]!];
  return isRecord(meta) && Object.keys(meta).every((k) => k.startsWith('_') || /^[a-z_]+$/.test(k));
}

/**
 * Audit events indexed by Filebeat or Elastic Agent: documents one per line, inside a search
 * response, or in a _bulk body. The original JSON text (`event.original` or `message`) is used
 * when present, because the Kubernetes integration drops `requestObject.metadata` and
 * `responseObject.metadata` from `kubernetes.audit` and rewrites dots in annotation keys.
 */
export function fromElastic(value: unknown, at: SourcePosition): DecodeResult {
  if (Array.isArray(value)) return decodeEach(value, at, '', fromElastic);
  if (!isRecord(value) || !looksLikeElastic(value)) {
    return problemResult(
      at,
      `not an Elastic audit document (${describeValue(value)}; ${ELASTIC_EXPECTED})`,
    );
  }
  if (isRecord(value.hits) && Array.isArray(value.hits.hits)) {
    return decodeEach(value.hits.hits, at, '.hits.hits', (hit, p) =>
      isRecord(hit) && isRecord(hit._source)
        ? fromDocument(hit._source, childAt(p, '._source'))
        : problemResult(p, 'Elasticsearch hit has no _source: search with _source enabled'),
    );
  }
  if (isRecord(value._source)) return fromDocument(value._source, childAt(at, '._source'));
  if (isBulkAction(value)) return emptyResult();
  if (isRecord(value.doc)) return fromDocument(value.doc, childAt(at, '.doc'));
  return fromDocument(value, at);
}

function fromDocument(doc: Record<string, unknown>, at: SourcePosition): DecodeResult {
  const timestamp = typeof doc['@timestamp'] === 'string' ? doc['@timestamp'] : undefined;
  const original = originalEvent(doc, at);
  if (original)
    return eventResult(original.at, withTimestamp(original.event, timestamp), 'elastic');
  const audit = auditFields(doc);
  if (audit && isAuditEvent(audit))
    return eventResult(at, withTimestamp(audit, timestamp), 'elastic');
  const what = audit
    ? 'its kubernetes.audit fields lack auditID, verb or stage'
    : 'it has no kubernetes.audit fields';
  return problemResult(
    at,
    `Elastic document holds no Kubernetes audit event: ${what}, and no message holds one`,
  );
}

function originalEvent(
  doc: Record<string, unknown>,
  at: SourcePosition,
): { event: AuditEvent; at: SourcePosition } | undefined {
  const ecsEvent = isRecord(doc.event) ? doc.event : {};
  const candidates: Array<[unknown, string]> = [
    [ecsEvent.original, '.event.original'],
    [doc['event.original'], "['event.original']"],
    [doc.message, '.message'],
  ];
  for (const [text, suffix] of candidates) {
    if (typeof text !== 'string' || !text.trimStart().startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (isAuditEvent(value)) return { event: value, at: childAt(at, suffix) };
    } catch {
      // Not the original event; the structured fields are still there to try.
    }
  }
  return undefined;
}

function withTimestamp(event: AuditEvent, timestamp: string | undefined): AuditEvent {
  return event.stageTimestamp === undefined && timestamp !== undefined
    ? { ...event, stageTimestamp: timestamp }
    : event;
}

/** `kubernetes.audit` rebuilt from nested objects and flattened `kubernetes.audit.x.y` keys alike. */
function auditFields(doc: Record<string, unknown>): AuditEvent | undefined {
  if (!hasAuditFields(doc)) return undefined;
  const out: Record<string, unknown> = {};
  const k8s = isRecord(doc.kubernetes) ? doc.kubernetes : {};
  const nested = isRecord(k8s.audit)
    ? k8s.audit
    : isRecord(doc['kubernetes.audit'])
      ? doc['kubernetes.audit']
      : {};
  for (const [k, v] of Object.entries(nested)) setPath(out, splitKey(k), v);
  for (const [k, v] of Object.entries(k8s))
    if (k.startsWith('audit.')) setPath(out, splitKey(k.slice(6)), v);
  for (const [k, v] of Object.entries(doc))
    if (k.startsWith(PREFIX)) setPath(out, splitKey(k.slice(PREFIX.length)), v);
  if (isRecord(out.annotations)) out.annotations = restoreAnnotationKeys(out.annotations);
  return out as AuditEvent;
}

// Map keys (annotations, user extra) hold dots of their own: only the field path is split.
function splitKey(key: string): string[] {
  const parts = key.split('.');
  if (parts[0] === 'annotations' && parts.length > 1)
    return ['annotations', parts.slice(1).join('.')];
  if (
    (parts[0] === 'user' || parts[0] === 'impersonatedUser') &&
    parts[1] === 'extra' &&
    parts.length > 2
  ) {
    return [parts[0], 'extra', parts.slice(2).join('.')];
  }
  return parts;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = isRecord(node[segment]) ? { ...node[segment] } : {};
    node[segment] = next;
    node = next;
  }
  const last = path[path.length - 1]!;
  const existing = node[last];
  node[last] = isRecord(existing) && isRecord(value) ? merge(existing, value) : value;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = isRecord(out[k]) && isRecord(v) ? merge(out[k], v) : v;
  return out;
}

/**
 * The integration turns `authorization.k8s.io/decision` into `authorization_k8s_io/decision`.
 * A DNS prefix cannot hold `_`, so underscores before the `/` were dots; after it they are ambiguous
 * and stay.
 */
function restoreAnnotationKeys(annotations: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(annotations)) {
    const slash = key.indexOf('/');
    const restored = slash > 0 ? key.slice(0, slash).replaceAll('_', '.') + key.slice(slash) : key;
    if (!(restored in annotations) || restored === key) out[restored] = value;
  }
  return out;
}
