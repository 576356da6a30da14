import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export type JsonRecord =
  | { kind: 'event'; event: unknown; file: string; line: number }
  | { kind: 'error'; file: string; line: number; reason: string };

/**
 * JSON events from a file (or `-` for stdin): JSON Lines, or one JSON document holding an
 * array of events or an `EventList` (`{"items": [...]}`). A line that does not parse is
 * reported with its line number and the rest of the file is still read.
 */
export async function* readJsonEvents(path: string): AsyncGenerator<JsonRecord> {
  const file = path === '-' ? '<stdin>' : path;
  const input = path === '-' ? process.stdin : createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let firstError: { line: number; reason: string } | null = null;
  let parsedAny = false;
  const pending: JsonRecord[] = [];
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      parsedAny = true;
      for (const event of unwrap(value)) pending.push({ kind: 'event', event, file, line: lineNo });
    } catch (e) {
      const reason = `invalid JSON: ${(e as Error).message}`;
      firstError ??= { line: lineNo, reason };
      pending.push({ kind: 'error', file, line: lineNo, reason });
    }
    // A pretty-printed document fails on its first line; keep lines until we know which it is.
    if (parsedAny || pending.length > 1000 || path === '-') yield* pending.splice(0);
  }
  if (!parsedAny && firstError && path !== '-') {
    yield* wholeDocument(path, file);
    return;
  }
  yield* pending;
}

function* wholeDocument(path: string, file: string): Generator<JsonRecord> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    yield {
      kind: 'error',
      file,
      line: 1,
      reason: `neither JSON Lines nor a JSON document: ${(e as Error).message}`,
    };
    return;
  }
  for (const event of unwrap(value)) yield { kind: 'event', event, file, line: 1 };
}

function unwrap(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') {
    const v = value as { kind?: unknown; items?: unknown };
    if (v.kind === 'EventList' && Array.isArray(v.items)) return v.items;
  }
  return [value];
}
