import { describeJsonError } from '../decode/json-error.js';
import type { InputLine } from './input-lines.js';

export type JsonItem =
  | { kind: 'value'; value: unknown; line: number }
  | { kind: 'bad'; line: number; reason: string }
  /** Input stopped early (a read error or bad gzip data); nothing follows. */
  | { kind: 'broken'; line: number; reason: string; gzip: boolean };

// `aws logs create-export-task` writes each CloudWatch event as `<ISO time> <message>`.
const CLOUDWATCH_EXPORT_LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) (\{.*)$/s;

/**
 * JSON values from lines, which are either JSON Lines or one JSON document over many lines.
 * The first non-blank line decides: if it is a whole JSON value the input is JSON Lines and a
 * later line that is not is reported with its number; otherwise the lines are gathered into one
 * document. If that does not parse either, the first line was just a bad line of a JSON Lines
 * file, and the lines are read one by one so the valid ones are not lost.
 *
 * A document is held whole to parse it, and JSON.parse needs several times the text in heap, so
 * documents over `maxDocumentBytes` are not parsed: the lines are read one by one instead.
 */
export async function* jsonValues(
  lines: AsyncIterable<InputLine>,
  maxDocumentBytes: number,
  /** A range from the middle of a file already known to be JSON Lines. */
  knownLines = false,
): AsyncGenerator<JsonItem> {
  let mode: 'undecided' | 'lines' | 'document' | 'skip' = knownLines ? 'lines' : 'undecided';
  let doc: string[] = [];
  let docStart = 0;
  let docChars = 0;
  for await (const item of lines) {
    if (item.kind === 'broken') {
      const cut =
        mode === 'document'
          ? `; the JSON document starting at line ${docStart} was cut off and not read`
          : '';
      const what = item.gzip
        ? 'truncated or corrupt gzip'
        : item.lastLine === 0
          ? 'cannot read'
          : 'read failed';
      yield {
        kind: 'broken',
        line: item.lastLine,
        gzip: item.gzip,
        reason: `${what}: ${item.message}${cut}`,
      };
      return;
    }
    if (mode === 'skip') continue;
    if (item.kind === 'too-long') {
      if (mode === 'document') {
        mode = yield* abandonDocument(doc, docStart, maxDocumentBytes);
        doc = [];
        if (mode === 'skip') continue;
      }
      mode = 'lines';
      yield {
        kind: 'bad',
        line: item.number,
        reason: `line of ${mib(item.bytes)} is over the ${mib(maxDocumentBytes)} limit: not read`,
      };
      continue;
    }
    const { text, number } = item;
    if (mode === 'document') {
      doc.push(text);
      docChars += text.length + 1;
      if (docChars > maxDocumentBytes) {
        mode = yield* abandonDocument(doc, docStart, maxDocumentBytes);
        doc = [];
      }
      continue;
    }
    if (!/\S/.test(text)) continue;
    const parsed = parseLine(text);
    if (parsed.ok) {
      mode = 'lines';
      yield { kind: 'value', value: parsed.value, line: number };
    } else if (mode === 'undecided') {
      mode = 'document';
      doc = [text];
      docStart = number;
      docChars = text.length + 1;
    } else yield { kind: 'bad', line: number, reason: parsed.reason };
  }
  if (mode === 'document') yield* finishDocument(doc, docStart);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseLine(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const exported = CLOUDWATCH_EXPORT_LINE.exec(text);
    if (exported) return { ok: true, value: { timestamp: exported[1], message: exported[2] } };
    return { ok: false, reason: describeJsonError(text, e) };
  }
}

function* finishDocument(lines: string[], firstLine: number): Generator<JsonItem> {
  const text = lines.join('\n');
  try {
    yield { kind: 'value', value: JSON.parse(text), line: firstLine };
  } catch (e) {
    if (isBrokenDocument(lines)) {
      yield { kind: 'bad', line: firstLine, reason: describeJsonError(text, e, firstLine) };
    } else yield* eachLine(lines, firstLine);
  }
}

/** The lines of a document too big to parse: one by one if they are JSON Lines, else skipped. */
function* abandonDocument(
  lines: string[],
  firstLine: number,
  limit: number,
): Generator<JsonItem, 'lines' | 'skip'> {
  if (isBrokenDocument(lines)) {
    yield {
      kind: 'bad',
      line: firstLine,
      reason: `JSON document starting here is over the ${mib(limit)} limit: not read (write it as JSON Lines, e.g. jq -c '.items[]')`,
    };
    return 'skip';
  }
  yield* eachLine(lines, firstLine);
  return 'lines';
}

function* eachLine(lines: string[], firstLine: number): Generator<JsonItem> {
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (!/\S/.test(text)) continue;
    const parsed = parseLine(text);
    const line = firstLine + i;
    yield parsed.ok
      ? { kind: 'value', value: parsed.value, line }
      : { kind: 'bad', line, reason: parsed.reason };
  }
}

/**
 * A pretty-printed document with a syntax error, rather than JSON Lines with a bad first line:
 * it opens with `{` or `[` and no line holds a JSON object or array on its own. Reporting its
 * lines one by one would bury the one real error under hundreds of false ones.
 */
function isBrokenDocument(lines: string[]): boolean {
  if (!/^\s*[[{]/.test(lines[0] ?? '')) return false;
  return !lines.some((text) => {
    if (!/^\s*[[{]/.test(text)) return false;
    try {
      const value: unknown = JSON.parse(text);
      return value !== null && typeof value === 'object';
    } catch {
      return false;
    }
  });
}

function mib(bytes: number): string {
  const [value, unit] = bytes < 1 << 20 ? [bytes / 1024, 'KiB'] : [bytes / (1 << 20), 'MiB'];
  return `${Math.round(value * 10) / 10} ${unit}`;
}
