import type { Database, Statement } from 'better-sqlite3';
import { StoreInputError } from './errors.js';
import type { RetentionPolicy, RetentionResult } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Removes the least recently active alerts (with their follow-ups, raw events and triage
 * history, by cascade). "Active" is the alert's time or its latest follow-up's, so a CronJob
 * that keeps spawning Jobs keeps its alert.
 */
export class Retention {
  readonly #db: Database;
  readonly #byAge: Statement<[number], number>;
  readonly #oldest: Statement<[number], number>;
  readonly #count: Statement<[], { n: number }>;
  readonly #children: Statement<[string, string], { f: number; r: number }>;
  readonly #delete: Statement<[string]>;

  constructor(db: Database) {
    this.#db = db;
    this.#byAge = db
      .prepare<[number], number>(`SELECT seq FROM alerts WHERE last_seen_ms < ?`)
      .pluck();
    this.#oldest = db
      .prepare<[number], number>(`SELECT seq FROM alerts ORDER BY last_seen_ms, seq LIMIT ?`)
      .pluck();
    this.#count = db.prepare(`SELECT count(*) AS n FROM alerts`);
    this.#children = db.prepare(
      `SELECT (SELECT count(*) FROM follow_ups WHERE alert_seq IN (SELECT value FROM json_each(?))) AS f,
              (SELECT count(*) FROM raw_events WHERE alert_seq IN (SELECT value FROM json_each(?))) AS r`,
    );
    this.#delete = db.prepare(`DELETE FROM alerts WHERE seq IN (SELECT value FROM json_each(?))`);
  }

  /**
   * Pages in use, i.e. the file size once freed pages are given back (incremental
   * auto-vacuum). Indexes and page slack count too, so it is what the disk actually holds.
   */
  usedBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const free = this.#db.pragma('freelist_count', { simple: true }) as number;
    const size = this.#db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * size;
  }

  apply(policy: RetentionPolicy, nowMs: number): RetentionResult {
    const { maxAgeDays, maxBytes } = policy;
    if (maxAgeDays !== undefined && !(Number.isFinite(maxAgeDays) && maxAgeDays >= 0))
      throw new StoreInputError(`maxAgeDays: a number of days >= 0, not ${maxAgeDays}`);
    if (maxBytes !== undefined && !(Number.isFinite(maxBytes) && maxBytes >= 0))
      throw new StoreInputError(`maxBytes: a number of bytes >= 0, not ${maxBytes}`);
    const result: RetentionResult = {
      alerts: 0,
      followUps: 0,
      rawEvents: 0,
      byAge: 0,
      bySize: 0,
      bytesBefore: this.usedBytes(),
      bytesAfter: 0,
    };
    this.#db.transaction(() => {
      if (maxAgeDays !== undefined)
        result.byAge = this.#remove(this.#byAge.all(nowMs - maxAgeDays * DAY_MS), result);
      if (maxBytes !== undefined) result.bySize = this.#shrink(maxBytes, result);
    })();
    // Hands the freed pages back to the file system; outside the transaction, as it must be.
    this.#db.pragma('incremental_vacuum');
    result.bytesAfter = this.usedBytes();
    return result;
  }

  #shrink(maxBytes: number, result: RetentionResult): number {
    let removed = 0;
    for (;;) {
      const used = this.usedBytes();
      if (used <= maxBytes) return removed;
      const { n } = this.#count.get()!;
      if (n === 0) return removed;
      // Remove the over-limit share of alerts, then measure again: index pages and slack do not
      // shrink in proportion, so a few rounds may be needed; each removes at least one alert.
      const share = Math.max(1, Math.ceil((n * (used - maxBytes)) / used));
      removed += this.#remove(this.#oldest.all(share), result);
    }
  }

  #remove(seqs: number[], result: RetentionResult): number {
    if (seqs.length === 0) return 0;
    const json = JSON.stringify(seqs);
    const { f, r } = this.#children.get(json, json)!;
    this.#delete.run(json);
    result.alerts += seqs.length;
    result.followUps += f;
    result.rawEvents += r;
    return seqs.length;
  }
}
