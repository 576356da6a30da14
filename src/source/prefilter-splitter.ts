import type { LinePrefilter } from '../prefilter/index.js';
import { LineSplitter, type InputLine, type Splitter } from './input-lines.js';
import { parseLine } from './json-values.js';

type Mode = 'first' | 'filter' | 'all';

/**
 * A line splitter that hands on only the lines the prefilter lets through, searching whole
 * chunks instead of looking at each line. Skipped lines still count, so line numbers stay true.
 *
 * It filters only JSON Lines: the first non-blank line decides, as it does for the reader
 * (json-values.ts). If that line is not a whole JSON value the input is one document spread
 * over many lines, which must be read whole, and every line is handed on. In JSON Lines each
 * line is read on its own, so leaving out a line that cannot match changes no other line's
 * result. Whether a line is let through depends on its bytes only, never on where the reads
 * cut the input, so every way of splitting a file (threads, ranges) lets the same lines through.
 */
export class PrefilterSplitter implements Splitter {
  readonly #inner: LineSplitter;
  #mode: Mode = 'first';
  /** The start of a line whose end is in a later chunk (filter mode). */
  #tail: Buffer[] = [];
  #tailBytes = 0;
  /** Lines the prefilter skipped. */
  skipped = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly prefilter: LinePrefilter,
    /** A range from the middle of a file already known to be JSON Lines. */
    knownLines = false,
  ) {
    this.#inner = new LineSplitter(maxLineBytes, !knownLines);
    if (knownLines) this.#mode = 'filter';
  }

  *push(chunk: Buffer): Generator<InputLine> {
    const inner = this.#inner;
    let start = 0;
    while (this.#mode === 'first' && start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl + 1;
      yield* this.#watchFirst(inner.push(chunk.subarray(start, end)));
      start = end;
    }
    // #watchFirst may have changed the mode since the check above.
    const mode = this.#mode as Mode;
    if (mode === 'all') return yield* inner.push(chunk.subarray(start));
    if (mode === 'first') return;
    // In filter mode the plain splitter never holds a partial line: first mode hands it whole
    // lines, and stays on until a line is complete.
    if (this.#tailBytes > 0) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) return this.#hold(chunk.subarray(start));
      yield* this.#finishTail(chunk.subarray(start, nl));
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      const before = inner.number;
      const found: InputLine[] = [];
      const newlines = this.prefilter.scan(chunk, start, last, (s, e, newlinesBefore) => {
        found.push(inner.lineOf(before + newlinesBefore + 1, chunk.subarray(s, e)));
      });
      const lines = newlines + 1;
      inner.skipLines(lines);
      this.skipped += lines - found.length;
      yield* found;
      start = last + 1;
    }
    if (start < chunk.length) this.#hold(chunk.subarray(start));
  }

  *end(): Generator<InputLine> {
    if (this.#tailBytes > 0) yield* this.#finishTail(Buffer.alloc(0));
    yield* this.#inner.end();
  }

  lineReached(): number {
    return this.#inner.lineReached() + (this.#tailBytes > 0 ? 1 : 0);
  }

  /** Keeps the start of a line, in filter mode; past the line limit only its length counts. */
  #hold(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.#tailBytes + piece.length > this.maxLineBytes) this.#tail = [];
    else this.#tail.push(piece);
    this.#tailBytes += piece.length;
  }

  /** A line that spanned chunks: judged whole, like any other line. */
  *#finishTail(rest: Buffer): Generator<InputLine> {
    const inner = this.#inner;
    const bytes = this.#tailBytes + rest.length;
    const parts = this.#tail;
    this.#tail = [];
    this.#tailBytes = 0;
    const number = inner.number + 1;
    inner.skipLines(1);
    if (bytes > this.maxLineBytes) return yield { kind: 'too-long', number, bytes };
    const whole = Buffer.concat([...parts, rest], bytes);
    if (this.prefilter.test(whole)) yield inner.lineOf(number, whole);
    else this.skipped++;
  }

  *#watchFirst(lines: Iterable<InputLine>): Generator<InputLine> {
    for (const line of lines) {
      if (this.#mode === 'first') {
        if (line.kind === 'too-long') this.#mode = 'filter';
        else if (line.kind === 'line' && /\S/.test(line.text))
          this.#mode = parseLine(line.text).ok ? 'filter' : 'all';
      }
      yield line;
    }
  }
}
