import { createReadStream } from 'node:fs';
import { decodeAuditValue, type DecodedFormat, type DispatchResult } from '../decode/index.js';
import { auditInputs } from './audit-paths.js';
import type { LinePrefilter } from '../prefilter/index.js';
import { CHUNK_BYTES, inputLines, LineSplitter } from './input-lines.js';
import { PrefilterSplitter } from './prefilter-splitter.js';
import { jsonValues } from './json-values.js';
import type {
  ReadOptions,
  SourceEvent,
  SourceFileDone,
  SourceItem,
  SourcePosition,
  SourceProblem,
} from './types.js';

/**
 * Largest line or single JSON document read. JSON.parse needs several times the text size in
 * heap, and 256 MiB keeps that inside Node's default heap, while single audit events, even
 * RequestResponse ones, are a few MiB at most.
 */
export const MAX_DOCUMENT_BYTES = 256 << 20;

/** Turns one JSON value into events; the default is {@link decodeAuditValue} with the format. */
export type ValueDecoder = (value: unknown, at: SourcePosition) => DispatchResult;

/** Knobs for callers with other needs than `scan` (and for tests); none change the contract. */
export interface ReadTuning {
  decode?: ValueDecoder;
  maxDocumentBytes?: number;
  /** Called after each JSON value with the bytes read so far from the current input. */
  onProgress?: (file: string, bytesRead: number) => void;
  /** Parse only the lines of JSON Lines input that some rule could match (see prefilter/). */
  prefilter?: LinePrefilter | null;
  /** The source is a range from the middle of a file already known to be JSON Lines. */
  knownLines?: boolean;
  /**
   * Receives each non-audit record instead of the per-file summary problems (a file split
   * across workers is summarised once, by whoever sees all its parts).
   */
  onSkipped?: (problem: SourceProblem) => void;
}

/**
 * Audit events from files, directories and `-` (stdin), in every supported export format,
 * converted to native audit.k8s.io Events. Nothing here throws for bad input: whatever cannot be
 * read becomes a SourceProblem (line 0 when a path could not be read at all) and reading goes
 * on. Each file ends with a SourceFileDone.
 */
export async function* readAuditEvents(
  paths: readonly string[],
  options: ReadOptions = {},
  tuning: ReadTuning = {},
): AsyncGenerator<SourceItem> {
  for await (const input of auditInputs(paths)) {
    if (input.kind === 'unreadable') {
      yield { kind: 'problem', file: input.path, line: 0, reason: input.reason };
    } else if (input.kind === 'stdin') {
      yield* readAuditStream(process.stdin, '<stdin>', options, tuning);
    } else {
      const stream = createReadStream(input.path, { highWaterMark: CHUNK_BYTES });
      yield* readAuditStream(stream, input.path, options, tuning);
    }
  }
}

/** One input's events, problems and closing SourceFileDone; `file` names it in each item. */
export async function* readAuditStream(
  source: AsyncIterable<Buffer | string>,
  file: string,
  options: ReadOptions = {},
  tuning: ReadTuning = {},
): AsyncGenerator<SourceItem> {
  const maxDocumentBytes = tuning.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  const decode: ValueDecoder =
    tuning.decode ?? ((value, at) => decodeAuditValue(value, at, options.format));
  const counters: { bytes: number; lines?: number } = { bytes: 0 };
  let events = 0;
  let problems = 0;
  let format: DecodedFormat | null = null;
  // Non-audit records (other AKS categories, other EKS streams) can be most of an export: one
  // problem per kind, with a count, says so without burying the real problems.
  const skipped = new Map<string, { first: SourceProblem; count: number }>();
  let splitter: PrefilterSplitter | null = null;
  const prefilter = tuning.prefilter;
  const knownLines = tuning.knownLines ?? false;
  const makeSplitter = prefilter
    ? (max: number) => (splitter = new PrefilterSplitter(max, prefilter, knownLines))
    : (max: number) => new LineSplitter(max, !knownLines);
  const lines = inputLines(source, counters, maxDocumentBytes, makeSplitter);
  const values = jsonValues(lines, maxDocumentBytes, knownLines);
  for await (const item of values) {
    if (item.kind === 'broken') {
      problems++;
      // A read failure loses the rest of the input: line 0 marks it as an I/O failure.
      const line = item.gzip ? item.line : 0;
      const after = !item.gzip && item.line > 0 ? ` (after line ${item.line})` : '';
      yield { kind: 'problem', file, line, reason: `${item.reason}${after}` };
      continue;
    }
    if (item.kind === 'bad') {
      problems++;
      yield { kind: 'problem', file, line: item.line, reason: item.reason };
      continue;
    }
    tuning.onProgress?.(file, counters.bytes);
    const result = decode(item.value, { file, line: item.line });
    format ??= result.format;
    for (const item of inDocumentOrder(result.events, result.problems)) {
      if (item.kind === 'event') events++;
      else problems++;
      yield item;
    }
    for (const s of result.skipped) {
      if (tuning.onSkipped) {
        tuning.onSkipped(s);
        continue;
      }
      const seen = skipped.get(s.reason);
      if (seen) seen.count++;
      else skipped.set(s.reason, { first: s, count: 1 });
    }
  }
  for (const { first, count } of skipped.values()) {
    problems++;
    yield skippedSummary(first, count);
  }
  const done: SourceFileDone = {
    kind: 'file-done',
    file,
    format,
    bytes: counters.bytes,
    lines: counters.lines ?? 0,
    events,
    problems,
  };
  const skippedLines = (splitter as PrefilterSplitter | null)?.skipped ?? 0;
  if (prefilter) done.skippedLines = skippedLines;
  yield done;
}

/** The one problem that stands for every non-audit record of one kind in a file. */
export function skippedSummary(first: SourceProblem, count: number): SourceProblem {
  return count === 1
    ? first
    : { ...first, reason: `${first.reason}: skipped ${count} such records, the first here` };
}

/** Events and problems of one document interleaved as they stood in it, by their JSON paths. */
export function inDocumentOrder(
  events: SourceEvent[],
  problems: SourceProblem[],
): Array<SourceEvent | SourceProblem> {
  if (problems.length === 0) return events;
  if (events.length === 0) return problems;
  const indexes = (path: string | undefined): number[] =>
    [...(path ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const order = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return [...events, ...problems].sort((a, b) => order(indexes(a.path), indexes(b.path)));
}
