import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StoreError, StoreInputError, storeError } from './errors.js';
import { checkHeader, checkVersion, migrate, SCHEMA_VERSION } from './migrations.js';
import { listQuery, encodeCursor } from './query.js';
import { Retention } from './retention.js';
import { checkStatus, MAX_RELATED_SHOWN, toDetail, toStoredAlert, type AlertRow } from './rows.js';
import { Statements } from './statements.js';
import { recordBatch } from './record.js';
import type {
  AlertFilter,
  AlertPage,
  AlertStore,
  Batch,
  BatchResult,
  RetentionPolicy,
  RetentionResult,
  StoredAlertDetail,
  StoredRawEvent,
  StoreStats,
  TriageUpdate,
} from './types.js';
import { SEVERITIES, type RelatedEvent } from '../alert/types.js';

export interface SqliteStoreOptions {
  /** Now, for triage changes, retention and alerts without a time. Default: the system clock. */
  clock?: () => Date;
  /** A reader connection (e.g. a second process serving the API): never migrates or writes. */
  readonly?: boolean;
  /** How long a writer waits for another connection's lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /** Raw events larger than this are kept cut short. Default 256 KiB. */
  maxRawEventBytes?: number;
  /**
   * Writes that would grow the file past this fail like a full disk (`SQLITE_FULL`): a last
   * line of defence under size retention, which should keep the store well below it.
   */
  hardLimitBytes?: number;
}

export const DEFAULT_MAX_RAW_EVENT_BYTES = 256 * 1024;
const MAX_COMMENT = 10_000;

/** Opens (creating and migrating as needed) the SQLite alert store at `path`. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteAlertStore {
  let db: Database | undefined;
  try {
    checkHeader(path);
    db = new BetterSqlite3(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      // busy_timeout, set before the first read: a writer mid-checkpoint must not fail the open.
      timeout: Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000)),
    });
    configure(db, path, options);
    return new SqliteAlertStore(db, path, options);
  } catch (e) {
    db?.close();
    throw storeError(path, e);
  }
}

function configure(db: Database, path: string, options: SqliteStoreOptions): void {
  // Refuse a foreign or newer database before changing anything in it.
  const version = checkVersion(db, path);
  db.pragma('foreign_keys = ON');
  if (options.readonly) {
    if (version !== SCHEMA_VERSION)
      throw new StoreError(
        path,
        `schema version ${version}, this cronwarden needs ${SCHEMA_VERSION}: open it read-write once to migrate`,
        { code: 'CW_SCHEMA_OLD' },
      );
    return;
  }
  // Only takes effect on a new, empty file, and only before it switches to WAL: lets retention
  // give freed pages back to the file system.
  db.pragma('auto_vacuum = INCREMENTAL');
  // WAL: readers (the HTTP API) never block the webhook writer, nor it them.
  db.pragma('journal_mode = WAL');
  // The webhook answers 200 only once a batch is durable, and the API server then forgets it.
  // NORMAL would survive a process crash but not a power loss or kernel panic (the WAL is not
  // synced at commit); FULL syncs the WAL at every commit, which is the promise made.
  db.pragma('synchronous = FULL');
  db.pragma('fullfsync = ON'); // macOS: fsync alone does not flush the drive's cache.
  // The WAL is reused after checkpoints; this trims it back after a burst.
  db.pragma('journal_size_limit = 67108864');
  if (options.hardLimitBytes !== undefined) {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.hardLimitBytes / pageSize))}`);
  }
  migrate(db, path);
}

export class SqliteAlertStore implements AlertStore {
  readonly #db: Database;
  readonly #clock: () => Date;
  readonly #rawCap: number;
  readonly #st: Statements;
  readonly #retention: Retention | null;
  readonly #lists = new Map<string, BetterSqlite3.Statement>();

  constructor(
    db: Database,
    readonly path: string,
    options: SqliteStoreOptions,
  ) {
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
    this.#rawCap = options.maxRawEventBytes ?? DEFAULT_MAX_RAW_EVENT_BYTES;
    this.#st = new Statements(db);
    this.#retention = options.readonly ? null : new Retention(db);
  }

  recordBatch(batch: Batch): Promise<BatchResult> {
    return this.#run(() =>
      recordBatch(this.#db, this.#st, batch, {
        nowMs: this.#clock().getTime(),
        rawCap: this.#rawCap,
      }),
    );
  }

  getAlert(id: string): Promise<StoredAlertDetail | null> {
    return this.#run(() => this.#detail(id));
  }

  listAlerts(filter: AlertFilter = {}): Promise<AlertPage> {
    return this.#run(() => {
      const q = listQuery(filter);
      let stmt = this.#lists.get(q.sql);
      if (!stmt) this.#lists.set(q.sql, (stmt = this.#db.prepare(q.sql)));
      const rows = stmt.all(q.params) as AlertRow[];
      const page = rows.slice(0, q.limit);
      const related = new Map<number, RelatedEvent[]>();
      for (const r of this.#st.relatedOf.all(JSON.stringify(page.map((p) => p.seq)))) {
        let list = related.get(r.alert_seq);
        if (!list) related.set(r.alert_seq, (list = []));
        list.push(JSON.parse(r.body) as RelatedEvent);
      }
      const last = page[page.length - 1];
      return {
        alerts: page.map((row) => toStoredAlert(row, related.get(row.seq) ?? [])),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_ms, last.seq) : null,
      };
    });
  }

  getRawEvents(alertId: string): Promise<StoredRawEvent[]> {
    return this.#run(() =>
      this.#st.rawOf.all(alertId).map((r) => ({
        auditID: r.audit_id,
        alertId,
        bytes: r.bytes,
        truncated: r.truncated === 1,
        event: r.body,
      })),
    );
  }

  setTriage(id: string, update: TriageUpdate): Promise<StoredAlertDetail | null> {
    return this.#run(() => {
      const status = checkStatus(update?.status);
      if (typeof update.by !== 'string' || update.by.trim() === '' || update.by.length > 256)
        throw new StoreInputError('triage: `by` must name who made the change (1-256 characters)');
      const comment = update.comment ?? null;
      if (comment !== null && (typeof comment !== 'string' || comment.length > MAX_COMMENT))
        throw new StoreInputError(
          `triage: comment must be text of at most ${MAX_COMMENT} characters`,
        );
      const at = this.#clock().toISOString();
      const changed = this.#db.transaction(() => {
        const row = this.#st.statusOf.get(id);
        if (!row) return false;
        this.#st.addHistory.run(row.seq, row.status, status, update.by, at, comment);
        this.#st.setStatus.run(status, update.by, at, comment, row.seq);
        return true;
      })();
      return changed ? this.#detail(id) : null;
    });
  }

  applyRetention(policy: RetentionPolicy): Promise<RetentionResult> {
    return this.#run(() => {
      if (!this.#retention) throw new StoreError(this.path, 'opened read-only', {});
      return this.#retention.apply(policy, this.#clock().getTime());
    });
  }

  stats(): Promise<StoreStats> {
    return this.#run(() => {
      const totals = this.#st.totals.get()!;
      const byStatus = { new: 0, acknowledged: 0, resolved: 0, 'false-positive': 0 };
      for (const r of this.#st.byStatus.all()) byStatus[r.status] = r.n;
      const bySeverity = Object.fromEntries(
        SEVERITIES.map((s) => [s, 0]),
      ) as StoreStats['bySeverity'];
      for (const r of this.#st.bySeverity.all()) {
        const s = SEVERITIES[r.rank];
        if (s) bySeverity[s] = r.n;
      }
      const pages = this.#db.pragma('page_count', { simple: true }) as number;
      const free = this.#db.pragma('freelist_count', { simple: true }) as number;
      const size = this.#db.pragma('page_size', { simple: true }) as number;
      return {
        alerts: totals.alerts,
        followUps: totals.followUps,
        rawEvents: totals.rawEvents,
        byStatus,
        bySeverity,
        bytes: (pages - free) * size,
        oldestAlertTime: this.#st.oldest.get()?.time ?? null,
        newestAlertTime: this.#st.newest.get()?.time ?? null,
        schemaVersion: this.#db.pragma('user_version', { simple: true }) as number,
      };
    });
  }

  close(): Promise<void> {
    return this.#run(() => {
      if (this.#db.open) this.#db.close();
    });
  }

  #detail(id: string): StoredAlertDetail | null {
    const row = this.#st.alertById.get(id);
    if (!row) return null;
    const related = this.#st.relatedOne.all(row.seq, MAX_RELATED_SHOWN);
    const alert = toStoredAlert(
      row,
      related.map((r) => JSON.parse(r) as RelatedEvent),
    );
    return toDetail(alert, this.#st.historyOf.all(row.seq));
  }

  /** Every failure leaves as a rejected promise naming the database path. */
  #run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(storeError(this.path, e));
    }
  }
}
