/**
 * The alert store behind `cronwarden serve`. Every method returns a Promise so that a networked
 * backend (PostgreSQL) can implement the same interface; the SQLite implementation does its work
 * synchronously and resolves at once. Only stored, committed state is ever returned.
 */
import type { Alert, RelatedEvent, Severity } from '../alert/types.js';

export const TRIAGE_STATUSES = ['new', 'acknowledged', 'resolved', 'false-positive'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

/** A follow-up linked to an alert that may have been recorded in an earlier batch. */
export interface FollowUp {
  alertId: string;
  event: RelatedEvent;
}

/** The audit event as received, kept next to the alert or follow-up that has its auditID. */
export interface RawEvent {
  auditID: string;
  /** The event's JSON text, or the parsed event (serialized as JSON). */
  event: string | object;
}

export interface Batch {
  alerts: readonly Alert[];
  /**
   * Follow-ups for alerts of this batch or of earlier ones. Entries already stored (same alert,
   * same auditID — or same source position when there is none) are ignored, so re-sending an
   * alert's whole `related` list is harmless.
   */
  followUps?: readonly FollowUp[];
  /** Raw events; only those whose auditID belongs to a stored alert or follow-up are kept. */
  rawEvents?: readonly RawEvent[];
}

export interface BatchResult {
  /** Alerts stored by this call. */
  inserted: number;
  /** Alerts whose auditID (or id) was already stored: not inserted again. */
  duplicates: number;
  followUpsInserted: number;
  followUpsDuplicate: number;
  /** Follow-ups whose alert is not in the store (never recorded, or removed by retention). */
  followUpsOrphaned: number;
  rawEventsStored: number;
  /** Raw events over the per-event cap, stored cut short (`truncated: true`). */
  rawEventsTruncated: number;
  /** Raw events with no stored alert or follow-up of the same auditID, or already stored. */
  rawEventsSkipped: number;
}

export interface TriageState {
  status: TriageStatus;
  /** Who made the last change; null while the alert was never triaged. */
  by: string | null;
  /** ISO time of the last change. */
  at: string | null;
  comment: string | null;
}

export interface TriageChange {
  from: TriageStatus;
  to: TriageStatus;
  by: string;
  at: string;
  comment: string | null;
}

/** The alert as `scan --format json` writes it, plus its triage state. */
export interface StoredAlert extends Alert {
  status: TriageStatus;
  triage: TriageState;
}

export interface StoredAlertDetail extends StoredAlert {
  /** Every triage change, oldest first. */
  triageHistory: TriageChange[];
}

export interface AlertFilter {
  /** Minimum severity. */
  severity?: Severity;
  namespace?: string;
  /** Alerts that matched any of these rule ids. */
  rule?: string | readonly string[];
  status?: TriageStatus | readonly TriageStatus[];
  /** ISO time: alerts at or after it. */
  since?: string;
  /** Default 100, at most MAX_LIST_LIMIT. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

export interface AlertPage {
  /** Newest first: by alert time, then by insertion order. */
  alerts: StoredAlert[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface TriageUpdate {
  status: TriageStatus;
  by: string;
  comment?: string | null;
}

export interface RetentionPolicy {
  /** Remove alerts with no activity (alert time or latest follow-up) for longer than this. */
  maxAgeDays?: number;
  /** Remove the least recently active alerts until the store's data takes at most this. */
  maxBytes?: number;
}

export interface RetentionResult {
  alerts: number;
  followUps: number;
  rawEvents: number;
  /** Of `alerts`, how many for age and how many for size. */
  byAge: number;
  bySize: number;
  bytesBefore: number;
  bytesAfter: number;
}

export interface StoreStats {
  alerts: number;
  followUps: number;
  rawEvents: number;
  byStatus: Record<TriageStatus, number>;
  bySeverity: Record<Severity, number>;
  /** Bytes the data takes (what `maxBytes` retention bounds). */
  bytes: number;
  oldestAlertTime: string | null;
  newestAlertTime: string | null;
  schemaVersion: number;
}

export interface AlertStore {
  /**
   * Records the batch in one transaction and resolves only once it is durable; idempotent by
   * auditID (alerts without one, by id).
   */
  recordBatch(batch: Batch): Promise<BatchResult>;
  getAlert(id: string): Promise<StoredAlertDetail | null>;
  listAlerts(filter?: AlertFilter): Promise<AlertPage>;
  getRawEvents(alertId: string): Promise<StoredRawEvent[]>;
  /** Null when no alert has this id. */
  setTriage(id: string, update: TriageUpdate): Promise<StoredAlertDetail | null>;
  applyRetention(policy: RetentionPolicy): Promise<RetentionResult>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

export interface StoredRawEvent {
  auditID: string;
  alertId: string;
  /** Size of the event as received. */
  bytes: number;
  truncated: boolean;
  /** JSON text (cut at the cap when `truncated`). */
  event: string;
}
