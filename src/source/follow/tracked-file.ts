import type { FileHandle } from 'node:fs/promises';
import { CHUNK_BYTES, LineSplitter, type InputLine } from '../input-lines.js';
import type { FileCheckpoint } from './checkpoint.js';
import { FINGERPRINT_BYTES, fingerprintOf, sameStart, type Fingerprint } from './identity.js';
import { AckLedger, type LinePoint } from './ledger.js';
import type { LineItems } from './line-items.js';

/** One line read: `end` is the point just after it (after its LF when it has one). */
export interface ReadLine {
  line: InputLine;
  end: LinePoint;
}

let nextId = 1;

/**
 * One file being followed, read through its own file descriptor: a rename or unlink of its
 * path does not stop the reading, so a rotated or deleted file is read to its end.
 */
export class TrackedFile {
  /** Names this file's items in cursors; a new one after truncation voids the old acks. */
  id = nextId++;
  ledger: AckLedger;
  /** Set once the file left the followed paths (renamed away or deleted). */
  goneSince: number | null = null;
  /** When data was last read, for closing rotated files once quiet. */
  lastData = Date.now();
  #splitter: LineSplitter;
  /** Bytes given to the splitter; ahead of the last line end while a line is incomplete. */
  #readPos: number;
  /** Just after the last LF read, and the number of the line it ended. */
  #lineEnd: number;
  #lastLine: number;
  /** Lines before the splitter's first line, so numbers go on from a checkpoint. */
  #lineBase: number;
  #lastSize = -1;

  constructor(
    public path: string,
    readonly key: string,
    readonly fh: FileHandle,
    public fingerprint: Fingerprint,
    start: LinePoint,
    private readonly maxLineBytes: number,
    /** Decodes this file's lines (it remembers which skipped records were reported). */
    readonly decoder: LineItems,
  ) {
    this.ledger = new AckLedger(start);
    this.#splitter = new LineSplitter(maxLineBytes);
    this.#readPos = start.offset;
    this.#lineEnd = start.offset;
    this.#lastLine = start.line;
    this.#lineBase = start.line;
  }

  /**
   * Whether the file was truncated or rewritten from the start (copy-truncate rotation): it is
   * shorter than what was read, or its first bytes are no longer those fingerprinted.
   */
  async replaced(): Promise<{ size: number } | null> {
    const { size } = await this.fh.stat();
    if (size === this.#lastSize) return null;
    this.#lastSize = size;
    if (size < this.#readPos || !(await sameStart(this.fh, this.fingerprint))) return { size };
    if (this.fingerprint.bytes < FINGERPRINT_BYTES && size > this.fingerprint.bytes) {
      this.fingerprint = await fingerprintOf(this.fh, FINGERPRINT_BYTES);
    }
    return null;
  }

  /** Start again at offset 0, as a new file: earlier cursors no longer acknowledge anything. */
  async restart(size: number): Promise<string> {
    const after = this.#lastLine;
    const partial = this.#readPos - this.#lineEnd;
    this.id = nextId++;
    this.ledger = new AckLedger({ offset: 0, line: 0 });
    this.#splitter = new LineSplitter(this.maxLineBytes);
    this.#readPos = 0;
    this.#lineEnd = 0;
    this.#lastLine = 0;
    this.#lineBase = 0;
    this.#lastSize = -1;
    this.fingerprint = await fingerprintOf(this.fh, FINGERPRINT_BYTES);
    const dropped =
      partial > 0 ? `; the incomplete line being read (${partial} bytes) was dropped` : '';
    return `truncated to ${size} bytes or rewritten after line ${after} (copy-truncate rotation?): reading it again from the start; any lines written after line ${after} before the truncation were not read${dropped}`;
  }

  checkpoint(): FileCheckpoint {
    const [dev = '0', ino = '0'] = this.key.split(':');
    const { offset, line } = this.ledger.committed();
    const { bytes, sha256 } = this.fingerprint;
    return {
      path: this.path,
      dev,
      ino,
      fingerprintBytes: bytes,
      fingerprint: sha256,
      offset,
      line,
    };
  }

  /**
   * Complete lines from the read position up to the current end of the file, at most about
   * `budget` bytes; a trailing incomplete line stays held in the splitter until its LF comes.
   */
  async *read(budget: number): AsyncGenerator<ReadLine, boolean> {
    let left = budget;
    while (left > 0) {
      const { size } = await this.fh.stat();
      const want = Math.min(size - this.#readPos, CHUNK_BYTES);
      if (want <= 0) return false;
      // A fresh buffer each time: the splitter keeps slices of it for an incomplete line.
      const chunk = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.fh.read(chunk, 0, want, this.#readPos);
      if (bytesRead === 0) return false;
      const data = chunk.subarray(0, bytesRead);
      const base = this.#readPos;
      this.#readPos += bytesRead;
      left -= bytesRead;
      this.lastData = Date.now();
      // push() yields exactly one line per LF of the chunk, in order: that LF ends the line.
      let cursor = 0;
      for (const line of this.#splitter.push(data)) {
        cursor = data.indexOf(10, cursor) + 1;
        this.#lineEnd = base + cursor;
        this.#lastLine = this.#lineBase + lineNumber(line);
        yield { line, end: { offset: this.#lineEnd, line: this.#lastLine } };
      }
    }
    return true;
  }

  /** The last line even without its LF: only once the file will not grow any more. */
  *finish(): Generator<ReadLine> {
    for (const line of this.#splitter.end()) {
      yield { line, end: { offset: this.#readPos, line: this.#lineBase + lineNumber(line) } };
    }
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => {});
  }
}

function lineNumber(line: InputLine): number {
  return line.kind === 'broken' ? line.lastLine : line.number;
}

/**
 * Where to begin a file at its end: after its last LF, so a line still being written is read
 * once complete; with the lines before, so line numbers stay those of the file.
 */
export async function endPoint(fh: FileHandle): Promise<LinePoint> {
  const { size } = await fh.stat();
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let lines = 0;
  let lastEnd = 0;
  for (let pos = 0; pos < size;) {
    const { bytesRead } = await fh.read(chunk, 0, Math.min(CHUNK_BYTES, size - pos), pos);
    if (bytesRead === 0) break;
    for (let nl = chunk.indexOf(10); nl !== -1 && nl < bytesRead; nl = chunk.indexOf(10, nl + 1)) {
      lines++;
      lastEnd = pos + nl + 1;
    }
    pos += bytesRead;
  }
  return { offset: lastEnd, line: lines };
}
