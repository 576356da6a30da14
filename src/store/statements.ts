import type { Database, Statement } from 'better-sqlite3';
import type { AlertRow, HistoryRow } from './rows.js';
import type { TriageStatus } from './types.js';

const ALERT_COLUMNS =
  'seq, id, status, status_by, status_at, status_comment, related_count, sort_ms, body';

/** Every fixed statement, prepared once when the store opens. */
export class Statements {
  readonly findAlert: Statement<[string, string | null], { seq: number }>;
  readonly seqOf: Statement<[string], number>;
  readonly insertAlert: Statement<
    [string, string | null, string | null, number, number, number, string | null, string, string]
  >;
  readonly insertRule: Statement<[number, string]>;
  readonly insertFollowUp: Statement<[number, string, string | null, string]>;
  readonly touchFollowUp: Statement<[number, number]>;
  readonly raiseRelatedCount: Statement<[number, number]>;
  readonly rawOwner: Statement<[string, string], number>;
  readonly insertRaw: Statement<[string, number, number, number, string]>;
  readonly alertById: Statement<[string], AlertRow>;
  readonly relatedOne: Statement<[number, number], string>;
  readonly relatedOf: Statement<[string], { alert_seq: number; body: string }>;
  readonly rawOf: Statement<
    [string],
    { audit_id: string; bytes: number; truncated: number; body: string }
  >;
  readonly statusOf: Statement<[string], { seq: number; status: TriageStatus }>;
  readonly addHistory: Statement<
    [number, TriageStatus, TriageStatus, string, string, string | null]
  >;
  readonly setStatus: Statement<[TriageStatus, string, string, string | null, number]>;
  readonly historyOf: Statement<[number], HistoryRow>;
  readonly totals: Statement<[], { alerts: number; followUps: number; rawEvents: number }>;
  readonly byStatus: Statement<[], { status: TriageStatus; n: number }>;
  readonly bySeverity: Statement<[], { rank: number; n: number }>;
  readonly oldest: Statement<[], { time: string | null }>;
  readonly newest: Statement<[], { time: string | null }>;

  constructor(db: Database) {
    this.findAlert = db.prepare(`SELECT seq FROM alerts WHERE id = ? OR audit_id = ? LIMIT 1`);
    this.seqOf = db.prepare<[string], number>(`SELECT seq FROM alerts WHERE id = ?`).pluck();
    this.insertAlert = db.prepare(
      `INSERT INTO alerts (id, audit_id, time, sort_ms, last_seen_ms, severity_rank, namespace,
                           recorded_at, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertRule = db.prepare(
      `INSERT INTO alert_rules (alert_seq, rule_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
    );
    this.insertFollowUp = db.prepare(
      `INSERT INTO follow_ups (alert_seq, dedupe_key, audit_id, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (alert_seq, dedupe_key) DO NOTHING`,
    );
    this.touchFollowUp = db.prepare(
      `UPDATE alerts SET related_count = related_count + 1, last_seen_ms = max(last_seen_ms, ?)
       WHERE seq = ?`,
    );
    this.raiseRelatedCount = db.prepare(
      `UPDATE alerts SET related_count = max(related_count, ?) WHERE seq = ?`,
    );
    this.rawOwner = db
      .prepare<[string, string], number>(
        `SELECT coalesce((SELECT seq FROM alerts WHERE audit_id = ?),
                         (SELECT alert_seq FROM follow_ups WHERE audit_id = ?
                          ORDER BY seq DESC LIMIT 1))`,
      )
      .pluck();
    this.insertRaw = db.prepare(
      `INSERT INTO raw_events (audit_id, alert_seq, bytes, truncated, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (audit_id) DO NOTHING`,
    );
    this.alertById = db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = ?`);
    this.relatedOne = db
      .prepare<[number, number], string>(
        `SELECT body FROM follow_ups WHERE alert_seq = ? ORDER BY seq LIMIT ?`,
      )
      .pluck();
    this.relatedOf = db.prepare(
      `SELECT alert_seq, body FROM (
         SELECT alert_seq, body, seq,
                row_number() OVER (PARTITION BY alert_seq ORDER BY seq) AS rn
         FROM follow_ups WHERE alert_seq IN (SELECT value FROM json_each(?)))
       WHERE rn <= 100 ORDER BY alert_seq, seq`,
    );
    this.rawOf = db.prepare(
      `SELECT r.audit_id, r.bytes, r.truncated, r.body FROM raw_events r
       JOIN alerts a ON a.seq = r.alert_seq WHERE a.id = ? ORDER BY r.rowid`,
    );
    this.statusOf = db.prepare(`SELECT seq, status FROM alerts WHERE id = ?`);
    this.addHistory = db.prepare(
      `INSERT INTO triage_history (alert_seq, from_status, to_status, by, at, comment)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.setStatus = db.prepare(
      `UPDATE alerts SET status = ?, status_by = ?, status_at = ?, status_comment = ? WHERE seq = ?`,
    );
    this.historyOf = db.prepare(
      `SELECT from_status, to_status, by, at, comment FROM triage_history
       WHERE alert_seq = ? ORDER BY seq`,
    );
    this.totals = db.prepare(
      `SELECT (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM follow_ups) AS followUps,
              (SELECT count(*) FROM raw_events) AS rawEvents`,
    );
    this.byStatus = db.prepare(`SELECT status, count(*) AS n FROM alerts GROUP BY status`);
    this.bySeverity = db.prepare(
      `SELECT severity_rank AS rank, count(*) AS n FROM alerts GROUP BY severity_rank`,
    );
    this.oldest = db.prepare(`SELECT time FROM alerts ORDER BY sort_ms, seq LIMIT 1`);
    this.newest = db.prepare(`SELECT time FROM alerts ORDER BY sort_ms DESC, seq DESC LIMIT 1`);
  }
}
