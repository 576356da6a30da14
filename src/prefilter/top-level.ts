/**
 * Reads chosen top-level members of a line holding one JSON object, without parsing the rest:
 * nested values are skipped by bracket depth, strings by their closing quote. For valid JSON the
 * result is what JSON.parse would give for those members (the last of duplicate keys wins). For
 * invalid JSON it may be anything, which is harmless: such a line yields no event to match.
 *
 * Keys are compared as raw bytes, so a line whose top-level keys use a backslash escape is
 * refused (read() gives false): `"source\u0049Ps"` is the key `sourceIPs` to JSON.parse.
 */
export class TopLevelReader {
  readonly #keys: readonly Buffer[];
  /** A `\u` escape, or a wanted key written as it must be (only `\u` could spell it otherwise). */
  readonly #redefines: RegExp;
  /** Per wanted key: start and end of its last value, or -1. */
  readonly spans: Int32Array;

  /**
   * The last `watched` keys are read if present but not waited for: the early stop comes once
   * every other key was seen (and the rest of the line cannot hold any of them).
   */
  constructor(
    keys: readonly string[],
    private readonly watched = 0,
  ) {
    this.#keys = keys.map((k) => Buffer.from(k, 'latin1'));
    const quote = (k: string): string => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.#redefines = new RegExp(`\\\\u|"(?:${keys.map(quote).join('|')})"`);
    this.spans = new Int32Array(keys.length * 2);
  }

  /**
   * Once every wanted key was seen, the rest of the line need not be walked if it cannot hold
   * another of them: none of the keys' quoted texts and no `\u` escape in it. Most lines end in
   * bodies and annotations that never do.
   */
  #restCannotRedefine(line: Buffer, from: number): boolean {
    // One regex over a latin1 copy (bytes as they are) costs a quarter of an indexOf per text.
    return !this.#redefines.test(line.toString('latin1', from, line.length));
  }

  /** Fills `spans` from `line`; false when the line is not read (not an object, escaped keys). */
  read(line: Buffer): boolean {
    const spans = this.spans;
    spans.fill(-1);
    const end = line.length;
    let i = skipSpace(line, 0, end);
    if (line[i] !== 0x7b) return false;
    i = skipSpace(line, i + 1, end);
    if (line[i] === 0x7d) return true;
    const awaited = this.#keys.length - this.watched;
    let unseen = awaited;
    for (;;) {
      if (line[i] !== 0x22) return false;
      const keyStart = i + 1;
      let k = keyStart;
      while (k < end) {
        const c = line[k]!;
        if (c === 0x22) break;
        if (c === 0x5c) return false;
        k++;
      }
      if (k >= end) return false;
      i = skipSpace(line, k + 1, end);
      if (line[i] !== 0x3a) return false;
      const valueStart = skipSpace(line, i + 1, end);
      const valueEnd = skipValue(line, valueStart, end);
      if (valueEnd < 0) return false;
      const wanted = this.#indexOf(line, keyStart, k);
      if (wanted >= 0) {
        if (spans[wanted * 2]! < 0 && wanted < awaited) unseen--;
        spans[wanted * 2] = valueStart;
        spans[wanted * 2 + 1] = valueEnd;
        if (unseen === 0 && this.#restCannotRedefine(line, valueEnd)) return true;
      }
      i = skipSpace(line, valueEnd, end);
      if (line[i] === 0x7d) return true;
      if (line[i] !== 0x2c) return false;
      i = skipSpace(line, i + 1, end);
    }
  }

  #indexOf(line: Buffer, start: number, end: number): number {
    const keys = this.#keys;
    const length = end - start;
    for (let w = 0; w < keys.length; w++) {
      const key = keys[w]!;
      if (key.length !== length) continue;
      let same = true;
      for (let j = 0; j < length; j++)
        if (key[j] !== line[start + j]) {
          same = false;
          break;
        }
      if (same) return w;
    }
    return -1;
  }
}

function skipSpace(line: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = line[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The end of the value starting at `i`, or -1 when the line ends first. */
function skipValue(line: Buffer, i: number, end: number): number {
  const first = line[i];
  if (first === 0x22) return skipString(line, i, end);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    while (i < end) {
      const c = line[i]!;
      if (c === 0x22) {
        i = skipString(line, i, end);
        if (i < 0) return -1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  while (i < end) {
    const c = line[i]!;
    if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x09 || c === 0x0a) break;
    if (c === 0x0d) break;
    i++;
  }
  return i;
}

/** `i` at an opening quote; returns the index after the closing one, or -1. */
function skipString(line: Buffer, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = line[i]!;
    if (c === 0x22) return i + 1;
    i += c === 0x5c ? 2 : 1;
  }
  return -1;
}
