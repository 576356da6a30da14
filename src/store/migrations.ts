import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';

/** `PRAGMA application_id` of cronwarden stores ("cwd1"), to refuse other programs' databases. */
export const APPLICATION_ID = 0x63776431;

export interface Migration {
  version: number;
  sql: string;
}

/**
 * Append only: a released migration is never edited, since databases in the field already ran
 * it. `user_version` holds the last applied version.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE alerts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        audit_id TEXT UNIQUE,
        time TEXT,
        sort_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        severity_rank INTEGER NOT NULL,
        namespace TEXT,
        status TEXT NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'acknowledged', 'resolved', 'false-positive')),
        status_by TEXT,
        status_at TEXT,
        status_comment TEXT,
        related_count INTEGER NOT NULL DEFAULT 0,
        recorded_at TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX alerts_order ON alerts (sort_ms DESC, seq DESC);
      CREATE INDEX alerts_last_seen ON alerts (last_seen_ms, seq);
      CREATE INDEX alerts_namespace ON alerts (namespace, sort_ms DESC, seq DESC);
      CREATE INDEX alerts_status ON alerts (status, sort_ms DESC, seq DESC);
      CREATE TABLE alert_rules (
        alert_seq INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        PRIMARY KEY (alert_seq, rule_id)
      ) WITHOUT ROWID;
      CREATE INDEX alert_rules_rule ON alert_rules (rule_id, alert_seq);
      CREATE TABLE follow_ups (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_seq INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
        dedupe_key TEXT NOT NULL,
        audit_id TEXT,
        body TEXT NOT NULL,
        UNIQUE (alert_seq, dedupe_key)
      );
      CREATE INDEX follow_ups_audit ON follow_ups (audit_id) WHERE audit_id IS NOT NULL;
      CREATE TABLE raw_events (
        audit_id TEXT PRIMARY KEY,
        alert_seq INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
        bytes INTEGER NOT NULL,
        truncated INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX raw_events_alert ON raw_events (alert_seq);
      CREATE TABLE triage_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_seq INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        comment TEXT
      );
      CREATE INDEX triage_history_alert ON triage_history (alert_seq, seq);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Refuses, before the driver touches it, a file that is not SQLite at all: opening it would
 * fail with a bare "file is not a database" far from where the path was configured.
 */
export function checkHeader(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // Not there yet: SQLite creates it.
  }
  if (size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC)
    throw new StoreError(
      path,
      'not an SQLite database, so not a cronwarden alert store: move the file aside or configure another store path',
      { code: 'SQLITE_NOTADB' },
    );
}

/** Checks the database is ours and not newer than this code; returns its schema version. */
export function checkVersion(db: Database, path: string, known = SCHEMA_VERSION): number {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number };
  if (appId !== APPLICATION_ID && (appId !== 0 || version !== 0 || tables.n > 0))
    throw new StoreError(
      path,
      'an SQLite database of another program, not a cronwarden alert store: configure another store path',
      { code: 'CW_FOREIGN_DB' },
    );
  if (version > known)
    throw new StoreError(
      path,
      `schema version ${version} is newer than this cronwarden knows (${known}): ` +
        'upgrade cronwarden, or configure another store path (downgrading in place would lose data)',
      { code: 'CW_SCHEMA_TOO_NEW' },
    );
  return version;
}

/**
 * Applies the pending migrations in order, all in one IMMEDIATE transaction so that two
 * processes opening the same new file cannot both migrate it, and a failure leaves it untouched.
 */
export function migrate(db: Database, path: string, migrations = MIGRATIONS): number {
  const known = migrations[migrations.length - 1]?.version ?? 0;
  const run = db.transaction(() => {
    const current = checkVersion(db, path, known);
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    return known;
  });
  return run.immediate();
}
