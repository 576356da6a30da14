import type { AuditEvent, InputFormat } from '../schema/audit-event.js';

/** Where an event came from, precise enough for a person to open the file at that spot. */
export interface SourcePosition {
  /** The path as given (or `<stdin>`). */
  file: string;
  /** 1-based line where the event's JSON text starts. */
  line: number;
  /** JSON path inside the line's document when it held several events (`$.items[3]`). */
  path?: string;
}

export interface SourceEvent extends SourcePosition {
  kind: 'event';
  /** Converted to the native audit.k8s.io/v1 Event shape whatever the input format. */
  event: AuditEvent;
  /** The format the event was decoded from. */
  format: Exclude<InputFormat, 'auto'>;
}

/** Input that could not be used. Never fatal: reading goes on with the rest. */
export interface SourceProblem extends SourcePosition {
  kind: 'problem';
  /** What was wrong and, where it helps, what to do about it. */
  reason: string;
}

/** Emitted once per input file after its last event, so callers can report per-file stats. */
export interface SourceFileDone {
  kind: 'file-done';
  file: string;
  /** Detected (or forced) format; null when the file held no usable JSON at all. */
  format: Exclude<InputFormat, 'auto'> | null;
  bytes: number;
  /** Lines in the input (as decompressed). */
  lines?: number;
  events: number;
  problems: number;
  /** Lines the prefilter left unparsed because no rule could match them (set when it ran). */
  skippedLines?: number;
}

export type SourceItem = SourceEvent | SourceProblem | SourceFileDone;

export interface ReadOptions {
  /** Default `auto`: detect per file from its first JSON value. */
  format?: InputFormat;
}
