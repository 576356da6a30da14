import { open } from 'node:fs/promises';
import { parseLine } from '../source/json-values.js';

/** Ranges smaller than this cost more in hand-over than they save. */
const MIN_RANGE = 8 << 20;
/** Ranges this large keep two cores busy to the end of a file without many hand-overs. */
const MAX_RANGE = 64 << 20;
const PEEK = 1 << 20;

export interface FileRange {
  start: number;
  /** Exclusive; null: to the end of the file. */
  end: number | null;
  knownLines: boolean;
}

/**
 * How to cut one file for `workers` threads: line-aligned ranges when it is big, plain and
 * JSON Lines (the first line is a whole JSON value, as the reader decides), else one piece.
 * gzip cannot be entered mid-stream, and a multi-line document must be read whole.
 */
export async function planFile(path: string, workers: number): Promise<FileRange[]> {
  const whole: FileRange[] = [{ start: 0, end: null, knownLines: false }];
  if (workers < 2) return whole;
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size < 2 * MIN_RANGE) return whole;
    const head = Buffer.alloc(Math.min(PEEK, size));
    await handle.read(head, 0, head.length, 0);
    if (head[0] === 0x1f && head[1] === 0x8b) return whole;
    if (!startsAsJsonLines(head)) return whole;
    const rangeBytes = Math.min(MAX_RANGE, Math.max(MIN_RANGE, Math.ceil(size / (workers * 4))));
    const cuts: number[] = [0];
    for (let at = rangeBytes; at < size; at += rangeBytes) {
      const cut = await nextLineStart(handle, at, size);
      if (cut === null) break;
      if (cut > cuts[cuts.length - 1]!) cuts.push(cut);
      at = Math.max(at, cut);
    }
    return cuts.map((start, i) => ({
      start,
      end: i + 1 < cuts.length ? cuts[i + 1]! : size,
      knownLines: i > 0,
    }));
  } finally {
    await handle.close();
  }
}

function startsAsJsonLines(head: Buffer): boolean {
  let start = 0;
  for (;;) {
    const nl = head.indexOf(10, start);
    if (nl < 0) return false;
    const text = head.toString('utf8', start, nl).replace(/^\uFEFF/, '');
    if (/\S/.test(text)) return parseLine(text).ok;
    start = nl + 1;
  }
}

/** The offset just after the first newline at or after `at`; null when none follows. */
async function nextLineStart(
  handle: import('node:fs/promises').FileHandle,
  at: number,
  size: number,
): Promise<number | null> {
  const window = Buffer.alloc(64 << 10);
  for (let pos = at; pos < size; pos += window.length) {
    const { bytesRead } = await handle.read(window, 0, window.length, pos);
    const nl = window.subarray(0, bytesRead).indexOf(10);
    if (nl >= 0) return pos + nl + 1 < size ? pos + nl + 1 : null;
    if (bytesRead === 0) break;
  }
  return null;
}
