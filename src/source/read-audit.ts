import { createReadStream } from 'node:fs';
import { decodeAuditValue, type DecodedFormat, type DispatchResult } from '../decode/index.js';
import { auditInputs } from './audit-paths.js';
import { CHUNK_BYTES, inputLines } from './input-lines.js';
import { jsonValues } from './json-values.js';
import type {
  ReadOptions,
  SourceEvent,
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
  const counters = { bytes: 0 };
  let events = 0;
  let problems = 0;
  let format: DecodedFormat | null = null;
  // Non-audit records (other AKS categories, other EKS streams) can be most of an export: one
  // problem per kind, with a count, says so without burying the real problems.
  const skipped = new Map<string, { first: SourceProblem; count: number }>();
  const values = jsonValues(inputLines(source, counters, maxDocumentBytes), maxDocumentBytes);
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
      const seen = skipped.get(s.reason);
      if (seen) seen.count++;
      else skipped.set(s.reason, { first: s, count: 1 });
    }
  }
  for (const { first, count } of skipped.values()) {
    problems++;
    yield count === 1
      ? first
      : { ...first, reason: `${first.reason}: skipped ${count} such records, the first here` };
  }
  yield { kind: 'file-done', file, format, bytes: counters.bytes, events, problems };
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
