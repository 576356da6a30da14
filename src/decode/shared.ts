import type { AuditEvent, InputFormat } from '../schema/audit-event.js';
import type { SourceEvent, SourcePosition, SourceProblem } from '../source/types.js';
import { describeJsonError } from './json-error.js';

export type DecodedFormat = Exclude<InputFormat, 'auto'>;

/**
 * What one JSON value decoded to. `skipped` holds records that are well-formed but are not audit
 * logs (an AKS `kube-apiserver` record, an EKS `authenticator` stream): callers decide whether to
 * report each one or a count, since a full log-group export holds thousands of them.
 */
export interface DecodeResult {
  events: SourceEvent[];
  problems: SourceProblem[];
  skipped: SourceProblem[];
}

export type Decoder = (value: unknown, at: SourcePosition) => DecodeResult;

export function emptyResult(): DecodeResult {
  return { events: [], problems: [], skipped: [] };
}

export function addResult(into: DecodeResult, from: DecodeResult): DecodeResult {
  for (const e of from.events) into.events.push(e);
  for (const p of from.problems) into.problems.push(p);
  for (const s of from.skipped) into.skipped.push(s);
  return into;
}

export function eventResult(
  at: SourcePosition,
  event: AuditEvent,
  format: DecodedFormat,
): DecodeResult {
  return { events: [{ kind: 'event', ...at, event, format }], problems: [], skipped: [] };
}

export function problemResult(at: SourcePosition, reason: string): DecodeResult {
  return { events: [], problems: [problemAt(at, reason)], skipped: [] };
}

export function skippedResult(at: SourcePosition, reason: string): DecodeResult {
  return { events: [], problems: [], skipped: [problemAt(at, reason)] };
}

export function problemAt(at: SourcePosition, reason: string): SourceProblem {
  const problem: SourceProblem = { kind: 'problem', file: at.file, line: at.line, reason };
  if (at.path !== undefined) problem.path = at.path;
  return problem;
}

/** The position of a value nested in the one at `at`; `suffix` is `.records[3]`, `[2]`, …. */
export function childAt(at: SourcePosition, suffix: string): SourcePosition {
  return { file: at.file, line: at.line, path: `${at.path ?? '$'}${suffix}` };
}

/** Each element decoded on its own, so one bad element costs only itself. */
export function decodeEach(
  items: readonly unknown[],
  at: SourcePosition,
  suffix: string,
  decode: Decoder,
): DecodeResult {
  const result = emptyResult();
  items.forEach((item, i) => addResult(result, decode(item, childAt(at, `${suffix}[${i}]`))));
  return result;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

export type ParsedText = { ok: true; value: unknown } | { ok: false; reason: string };

/** JSON text embedded in a field (an EKS `message`, an AKS `properties.log`). */
export function parseEmbeddedJson(text: string): ParsedText {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: describeJsonError(text, e) };
  }
}

/** A short, printable description of a value for problem messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    const shown = keys.slice(0, 5).join(', ');
    return keys.length === 0
      ? 'an empty object'
      : `an object with keys ${shown}${keys.length > 5 ? ', …' : ''}`;
  }
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}
