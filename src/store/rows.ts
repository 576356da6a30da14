import { severityRank } from '../alert/severity.js';
import type { Alert, RelatedEvent } from '../alert/types.js';
import { StoreInputError } from './errors.js';
import {
  TRIAGE_STATUSES,
  type StoredAlert,
  type StoredAlertDetail,
  type TriageChange,
  type TriageStatus,
} from './types.js';

/** `related` keeps the first 100 follow-ups, as in docs/alerts.md; the store keeps them all. */
export const MAX_RELATED_SHOWN = 100;

export interface AlertRow {
  seq: number;
  id: string;
  status: TriageStatus;
  status_by: string | null;
  status_at: string | null;
  status_comment: string | null;
  related_count: number;
  sort_ms: number;
  body: string;
}

export interface HistoryRow {
  from_status: TriageStatus;
  to_status: TriageStatus;
  by: string;
  at: string;
  comment: string | null;
}

/**
 * The stored body keeps `related: []` and `relatedCount: 0` as placeholders so that filling them
 * in on read keeps the key order of the scan output.
 */
export function alertBody(alert: Alert): string {
  return JSON.stringify({ ...alert, related: [], relatedCount: 0 });
}

export function toStoredAlert(row: AlertRow, related: RelatedEvent[]): StoredAlert {
  const alert = JSON.parse(row.body) as StoredAlert;
  alert.related = related;
  alert.relatedCount = Math.max(row.related_count, related.length);
  alert.status = row.status;
  alert.triage = {
    status: row.status,
    by: row.status_by,
    at: row.status_at,
    comment: row.status_comment,
  };
  return alert;
}

export function toDetail(alert: StoredAlert, history: HistoryRow[]): StoredAlertDetail {
  const triageHistory: TriageChange[] = history.map((h) => ({
    from: h.from_status,
    to: h.to_status,
    by: h.by,
    at: h.at,
    comment: h.comment,
  }));
  return Object.assign(alert, { triageHistory });
}

/** Milliseconds of an ISO time, or null when absent or unreadable. */
export function timeMs(time: string | null | undefined): number | null {
  if (!time) return null;
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? ms : null;
}

/** What makes a follow-up the same one when re-delivered. */
export function followUpKey(r: RelatedEvent): string {
  if (r.auditID) return `a:${r.auditID}`;
  return `s:${r.source.file}:${r.source.line}:${r.source.path ?? ''}`;
}

export function ruleIds(alert: Alert): string[] {
  return [...new Set(alert.matches.map((m) => m.ruleId))];
}

export function checkAlert(alert: Alert): number {
  if (typeof alert?.id !== 'string' || alert.id === '')
    throw new StoreInputError('alert without an id');
  const rank = severityRank(alert.severity);
  if (rank < 0) throw new StoreInputError(`alert ${alert.id}: unknown severity ${alert.severity}`);
  return rank;
}

export function checkStatus(status: unknown): TriageStatus {
  if (!(TRIAGE_STATUSES as readonly unknown[]).includes(status))
    throw new StoreInputError(
      `unknown triage status ${JSON.stringify(status)}: one of ${TRIAGE_STATUSES.join(', ')}`,
    );
  return status as TriageStatus;
}

/**
 * The raw event's JSON, cut at `cap` bytes (on a character boundary) when larger: a huge
 * object (a ConfigMap of megabytes) must not let one event fill the store.
 */
export function rawText(
  event: string | object,
  cap: number,
): { text: string; bytes: number; truncated: boolean } {
  const text = typeof event === 'string' ? event : JSON.stringify(event);
  // Counted without encoding: the bytes are needed only to cut an event over the cap.
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= cap) return { text, bytes, truncated: false };
  const buf = Buffer.from(text, 'utf8');
  let end = cap;
  // Back up over UTF-8 continuation bytes so the cut does not split a character.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString('utf8'), bytes, truncated: true };
}
