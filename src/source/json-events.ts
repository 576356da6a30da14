import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export type JsonRecord =
  | { kind: 'event'; event: unknown; file: string; line: number }
  | { kind: 'error'; file: string; line: number; reason: string };

/**
 * JSON events from a file (or `-` for stdin): JSON Lines, or one JSON document holding an
 * event, an array of events or an `EventList` (`{"items": [...]}`), pretty-printed or not.
 *
 * The format is decided by the first non-blank line: if it is a complete JSON value the input
 * is JSON Lines, and a later line that does not parse is reported with its number while the
 * rest is still read; otherwise the whole input is one document.
 */
export async function* readJsonEvents(path: string): AsyncGenerator<JsonRecord> {
  const file = path === '-' ? '<stdin>' : path;
  const input = path === '-' ? process.stdin : createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let mode: 'undecided' | 'lines' | 'document' = 'undecided';
  let document: string[] = [];
  let documentStart = 1;
  for await (const text of lines) {
    lineNo++;
    if (mode === 'document') {
      document.push(text);
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (mode === 'undecided') {
        mode = 'document';
        documentStart = lineNo;
        document = [text];
        continue;
      }
      yield { kind: 'error', file, line: lineNo, reason: `invalid JSON: ${(e as Error).message}` };
      continue;
    }
    mode = 'lines';
    for (const event of unwrap(value)) yield { kind: 'event', event, file, line: lineNo };
  }
  if (mode === 'document') yield* parseDocument(document, file, documentStart);
}

/**
 * One JSON document over several lines. If it does not parse, the first line was just a bad
 * line of a JSON Lines file: read the lines one by one, so the valid ones are not lost.
 */
function* parseDocument(lines: string[], file: string, firstLine: number): Generator<JsonRecord> {
  let value: unknown;
  try {
    value = JSON.parse(lines.join('\n'));
  } catch {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      if (text.trim() === '') continue;
      try {
        for (const event of unwrap(JSON.parse(text)))
          yield { kind: 'event', event, file, line: firstLine + i };
      } catch (e) {
        yield {
          kind: 'error',
          file,
          line: firstLine + i,
          reason: `invalid JSON: ${(e as Error).message}`,
        };
      }
    }
    return;
  }
  for (const event of unwrap(value)) yield { kind: 'event', event, file, line: firstLine };
}

function unwrap(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') {
    const v = value as { kind?: unknown; items?: unknown };
    if (v.kind === 'EventList' && Array.isArray(v.items)) return v.items;
  }
  return [value];
}
