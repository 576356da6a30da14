import { isSeverity, severityRank } from '../alert/severity.js';
import { StoreInputError } from './errors.js';
import { checkStatus } from './rows.js';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, type AlertFilter } from './types.js';

export interface ListQuery {
  /** Depends only on which filters are present, so a handful of statements cover every call. */
  sql: string;
  params: Record<string, string | number>;
  limit: number;
}

/**
 * The SQL for one page. Lists are passed as one JSON parameter (`json_each`) rather than a
 * variable number of placeholders, to keep the statement text stable and cacheable.
 */
export function listQuery(filter: AlertFilter): ListQuery {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.severity !== undefined) {
    if (!isSeverity(filter.severity))
      throw new StoreInputError(`unknown severity ${JSON.stringify(filter.severity)}`);
    where.push('a.severity_rank >= @severity');
    params.severity = severityRank(filter.severity);
  }
  if (filter.namespace !== undefined) {
    where.push('a.namespace = @namespace');
    params.namespace = String(filter.namespace);
  }
  const rules = list(filter.rule);
  if (rules) {
    where.push(
      'EXISTS (SELECT 1 FROM alert_rules r WHERE r.alert_seq = a.seq' +
        ' AND r.rule_id IN (SELECT value FROM json_each(@rules)))',
    );
    params.rules = JSON.stringify(rules.map(String));
  }
  const statuses = list(filter.status);
  if (statuses) {
    where.push('a.status IN (SELECT value FROM json_each(@statuses))');
    params.statuses = JSON.stringify(statuses.map(checkStatus));
  }
  if (filter.since !== undefined) {
    const since = Date.parse(String(filter.since));
    if (!Number.isFinite(since))
      throw new StoreInputError(`since: not an ISO time: ${JSON.stringify(filter.since)}`);
    where.push('a.sort_ms >= @since');
    params.since = since;
  }
  if (filter.cursor !== undefined) {
    const [sortMs, seq] = decodeCursor(filter.cursor);
    where.push('(a.sort_ms < @cursorMs OR (a.sort_ms = @cursorMs AND a.seq < @cursorSeq))');
    params.cursorMs = sortMs;
    params.cursorSeq = seq;
  }
  const limit = checkLimit(filter.limit);
  // One row more than asked tells whether another page follows.
  params.limit = limit + 1;
  const sql =
    `SELECT a.seq, a.id, a.status, a.status_by, a.status_at, a.status_comment,` +
    ` a.related_count, a.sort_ms, a.body FROM alerts a` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY a.sort_ms DESC, a.seq DESC LIMIT @limit`;
  return { sql, params, limit };
}

function list<T>(value: T | readonly T[] | undefined): readonly T[] | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new StoreInputError(`limit: a positive whole number, not ${JSON.stringify(limit)}`);
  return Math.min(limit, MAX_LIST_LIMIT);
}

/** Opaque to callers; it is the (time, insertion) position of the last alert of a page. */
export function encodeCursor(sortMs: number, seq: number): string {
  return Buffer.from(`${sortMs}:${seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(String(cursor), 'base64url').toString());
  if (!m) throw new StoreInputError('cursor: not one this store returned');
  return [Number(m[1]), Number(m[2])];
}
