import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorText } from './audit-paths.js';

/** Read and inflate in 1 MiB steps: audit events of several MiB are normal at RequestResponse. */
export const CHUNK_BYTES = 1 << 20;

export type InputLine =
  | { kind: 'line'; number: number; text: string }
  /** A line longer than the limit: its bytes were counted and dropped, never held. */
  | { kind: 'too-long'; number: number; bytes: number }
  /** Reading stopped early; `lastLine` is the line being read (0 if none was). */
  | { kind: 'broken'; gzip: boolean; message: string; lastLine: number };

export interface InputCounters {
  /** Bytes read from the source as stored, so compressed bytes for a gzip file. */
  bytes: number;
  /** Lines read (set when reading ends). */
  lines?: number;
}

class ReadFailure extends Error {}

/**
 * Lines of a byte stream, gzip or not (decided by the magic bytes, whatever the name), split on
 * LF bytes so that no line length is too long to read, CR before LF and a BOM at the start
 * dropped, and the last line read even without a newline. Each line is decoded as UTF-8 on its
 * own, so a bad byte spoils one line only.
 */
export async function* inputLines(
  source: AsyncIterable<Buffer | string>,
  counters: InputCounters,
  maxLineBytes: number,
  makeSplitter: (maxLineBytes: number) => Splitter = (max) => new LineSplitter(max),
): AsyncGenerator<InputLine> {
  const raw = countBytes(source, counters)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    while (headBytes < 2) {
      const next = await raw.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.length;
    }
  } catch (e) {
    yield { kind: 'broken', gzip: false, message: errorText(e), lastLine: 0 };
    return;
  }
  const first = Buffer.concat(head);
  async function* all(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (ended) return;
    for (let next = await raw.next(); !next.done; next = await raw.next()) yield next.value;
  }
  const gzip = first[0] === 0x1f && first[1] === 0x8b;
  const splitter = makeSplitter(maxLineBytes);
  try {
    for await (const chunk of gzip ? gunzip(all()) : all()) yield* splitter.push(chunk as Buffer);
  } catch (e) {
    const message = (e as Error).message;
    yield {
      kind: 'broken',
      gzip: gzip && !(e instanceof ReadFailure),
      message,
      lastLine: splitter.lineReached(),
    };
    counters.lines = splitter.lineReached();
    return;
  }
  yield* splitter.end();
  counters.lines = splitter.lineReached();
}

async function* countBytes(
  source: AsyncIterable<Buffer | string>,
  counters: InputCounters,
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      counters.bytes += bytes.length;
      yield bytes;
    }
  } catch (e) {
    // Tells a failing disk or pipe apart from bad gzip data once both surface through zlib.
    throw new ReadFailure(errorText(e));
  }
}

function gunzip(chunks: AsyncIterable<Buffer>): AsyncIterable<unknown> {
  const inflate = createGunzip({ chunkSize: CHUNK_BYTES });
  // Errors on either side destroy `inflate`, which rethrows them to whoever iterates it.
  pipeline(Readable.from(chunks), inflate, () => {});
  return inflate;
}

/** Turns chunks into lines; the prefilter's splitter hands on only the lines that may match. */
export interface Splitter {
  push(chunk: Buffer): Iterable<InputLine>;
  end(): Iterable<InputLine>;
  lineReached(): number;
}

export class LineSplitter implements Splitter {
  #number = 0;
  #parts: Buffer[] = [];
  #pending = 0;
  #tooLong = false;

  constructor(
    private readonly maxLineBytes: number,
    /** False for a range that starts mid-file: its first line is not the file's first. */
    private readonly atFileStart = true,
  ) {}

  *push(chunk: Buffer): Generator<InputLine> {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      yield this.#finish(piece);
    }
    if (start < chunk.length) this.#hold(chunk.subarray(start));
  }

  *end(): Generator<InputLine> {
    if (this.#pending > 0 || this.#tooLong) yield this.#finish(Buffer.alloc(0));
  }

  /** The line a broken stream stopped in: the partial one if any, else the last whole one. */
  lineReached(): number {
    return this.#number + (this.#pending > 0 || this.#tooLong ? 1 : 0);
  }

  /** Counts lines the caller consumed without handing them here (the prefilter's skips). */
  skipLines(count: number): void {
    this.#number += count;
  }

  /** Lines completed so far. */
  get number(): number {
    return this.#number;
  }

  /** A whole line the caller cut out of a chunk itself, as `push` would have returned it. */
  lineOf(number: number, whole: Buffer): InputLine {
    if (whole.length > this.maxLineBytes) return { kind: 'too-long', number, bytes: whole.length };
    return textLine(number, whole, this.atFileStart);
  }

  #hold(piece: Buffer): void {
    this.#pending += piece.length;
    if (this.#tooLong) return;
    if (this.#pending > this.maxLineBytes) {
      this.#tooLong = true;
      this.#parts = [];
    } else this.#parts.push(piece);
  }

  #finish(piece: Buffer): InputLine {
    const number = ++this.#number;
    const bytes = this.#pending + piece.length;
    const tooLong = this.#tooLong || bytes > this.maxLineBytes;
    const whole =
      tooLong || this.#parts.length === 0 ? piece : Buffer.concat([...this.#parts, piece], bytes);
    this.#parts = [];
    this.#pending = 0;
    this.#tooLong = false;
    if (tooLong) return { kind: 'too-long', number, bytes };
    return textLine(number, whole, this.atFileStart);
  }
}

function textLine(number: number, whole: Buffer, atFileStart: boolean): InputLine {
  let begin = 0;
  let end = whole.length;
  if (atFileStart && number === 1 && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf)
    begin = 3;
  if (end > begin && whole[end - 1] === 0x0d) end--;
  return { kind: 'line', number, text: whole.toString('utf8', begin, end) };
}
