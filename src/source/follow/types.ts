import type { InputFormat } from '../../schema/audit-event.js';
import type { SourceEvent, SourceProblem } from '../types.js';

/**
 * Where files seen at startup without a checkpoint begin. Files that appear later, and every
 * file not in an existing checkpoint, always begin at the start: they are new, and beginning
 * at their end would lose their first events.
 */
export type FollowFrom = 'start' | 'end';

export interface FollowOptions {
  /**
   * Checkpoint file (JSON, replaced atomically). Without one nothing is persisted and a
   * restart begins again as a first run.
   */
  checkpoint?: string;
  /** Files present at a first run (no checkpoint file yet): default `start`. */
  from?: FollowFrom;
  /** Forced input format; default `auto`, detected per line. */
  format?: InputFormat;
  /** Which files in a followed directory are read; default {@link defaultLogName}. */
  match?: (name: string) => boolean;
  /** Default 250 ms. Polling runs even where fs.watch works: watch only makes it sooner. */
  pollIntervalMs?: number;
  /** Use fs.watch on followed directories as well as polling; default true. */
  watch?: boolean;
  /** Longest checkpoint write delay after an ack; default 1000 ms. */
  checkpointIntervalMs?: number;
  /** Longest line read; longer ones are reported and skipped. Default 256 MiB. */
  maxLineBytes?: number;
  /**
   * A file renamed out of the followed paths is still read until it has been quiet this long
   * (a writer may append a little after the rename); default 5000 ms.
   */
  rotatedGraceMs?: number;
}

/**
 * What to acknowledge for an item: opaque, compare nothing. Acknowledging one item of a file
 * acknowledges every earlier item of that file too.
 */
export interface FollowCursor {
  readonly file: number;
  readonly seq: number;
}

export type FollowEvent = SourceEvent & { cursor: FollowCursor };
export type FollowProblem = SourceProblem & { cursor: FollowCursor };
/** The SourceItems of `readAuditEvents` (no `file-done`: followed files do not end). */
export type FollowItem = FollowEvent | FollowProblem;

/** Names of audit logs in a followed directory: `*.log`, `*.json`, `*.jsonl`, `*.ndjson`. */
export function defaultLogName(name: string): boolean {
  // Not `isAuditLogName`: copy-truncate copies (`audit.log.1`, `audit.log-20261102`) and
  // compressed backups hold events already read from the live file, so they are left out.
  return !name.startsWith('.') && /\.(?:log|json|jsonl|ndjson)$/i.test(name);
}
