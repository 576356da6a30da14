import type { ExceptionConfig } from '../config/schema.js';
import type { Assessment } from '../detect/engine.js';
import type { InputFormat } from '../schema/audit-event.js';
import type { ParsedRules } from '../sigma/load/assemble.js';
import type { SourceProblem } from '../source/types.js';

/**
 * What every scan worker gets first: enough to build the same detection as the main thread.
 * Rules and exceptions come parsed by the main thread (parsing them again in every thread was
 * most of a worker's start-up); only compiled closures cannot be posted.
 */
export interface WorkerInit {
  rules: ParsedRules;
  exceptions: ExceptionConfig[];
  /** Exceptions expire relative to this instant (ms), the same in every thread. */
  now: number;
  inputFormat: InputFormat;
  /** Build the line prefilter (as the main thread does; null when no rule allows one). */
  prefilter: boolean;
}

/** What the main thread posts to a worker: its init, once and first, then tasks. */
export type MainMessage = { kind: 'init'; init: WorkerInit } | { kind: 'task'; task: ScanTask };

/** A byte range of one file; `knownLines` when it starts mid-file in JSON Lines. */
export interface ScanTask {
  id: number;
  file: string;
  start: number;
  /** Exclusive; null reads to the end (and lets gzip be detected). */
  end: number | null;
  knownLines: boolean;
}

/**
 * One parsed event. Line numbers count from the task's first line (the main thread adds the
 * lines of the file's earlier ranges). `assessment` is null when there is nothing to decide
 * but the stage bookkeeping. The event itself never travels (it may be too deeply nested to
 * post): an assessment with matches carries the alert built from it.
 */
export interface EventRecord {
  kind: 'event';
  line: number;
  path?: string;
  format: Exclude<InputFormat, 'auto'>;
  auditID: string | null;
  stage: string | null;
  assessment: Assessment | null;
}

export interface ProblemRecord {
  kind: 'problem';
  problem: SourceProblem;
}

export type WorkerRecord = EventRecord | ProblemRecord;

export interface TaskDone {
  bytes: number;
  events: number;
  problems: number;
  lines: number;
  skippedLines: number | null;
  format: Exclude<InputFormat, 'auto'> | null;
  /** Non-audit records, for the per-file summary the main thread writes. */
  skipped: { first: SourceProblem; count: number }[];
  prefilter: { anchorLines: number; passed: number } | null;
}

export type WorkerMessage =
  | { kind: 'records'; id: number; records: WorkerRecord[] }
  | { kind: 'done'; id: number; done: TaskDone }
  | { kind: 'failed'; id: number; message: string };
