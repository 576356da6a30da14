import type { CompiledNeedleSet, NeedleSetSpec, ScanResult } from './line-scan.js';

/**
 * The line scan in plain JavaScript, for when the native addon was not built: same contract,
 * same results (the differential tests hold it to that). Each slab of whole lines is copied,
 * case-folded and decoded as Latin-1 once; one regular expression of every reporting needle
 * (folded), of the folded form of `\uXXXX` and of the two folded UTF-8 sequences then finds the
 * places where something may start, and each is confirmed on the bytes. With 16 needles that
 * one regexp pass runs at 0.23 GB/s where one Buffer.indexOf per needle managed 0.14. A
 * reported line's mask takes one String.includes per needle on its folded text.
 */
export class JsNeedleSet implements CompiledNeedleSet {
  readonly impl = 'js' as const;
  readonly stride: 3 | 5;
  /** The needles that report a line. */
  readonly reporting: { folded: Uint8Array; star: boolean }[];
  /** With masks: every needle folded, as Latin-1 text, index = mask bit. */
  readonly masked: string[] | null;
  /** Folded code points (0-127) whose `\u` escape marks a line. */
  readonly escaped = new Uint8Array(128);
  readonly anyEscape: boolean;
  /** Matches, in folded text, at least wherever a pattern starts; null when there are none. */
  readonly candidates: RegExp | null;
  #scratch = new Uint8Array(0);

  constructor(readonly spec: NeedleSetSpec) {
    this.stride = spec.masks ? 5 : 3;
    const report = reportFlags(spec);
    const folded = spec.needles.map((text) =>
      Uint8Array.from(Buffer.from(text, 'latin1'), (b) => b | FOLD),
    );
    // '\n' folds to '*' too, so only a needle holding '*' can match across a line break.
    this.reporting = folded
      .filter((_, i) => report[i] === 1)
      .map((f) => ({ folded: f, star: f.includes(STAR) }));
    this.masked = spec.masks ? folded.map((f) => Buffer.from(f).toString('latin1')) : null;
    for (const c of spec.escapedChars) this.escaped[c.charCodeAt(0) | FOLD] = 1;
    this.anyEscape = spec.kelvin || spec.dottedI || this.escaped.includes(1);
    const alternatives = this.reporting.map((n) => literal(n.folded));
    // Folded, the backslash reads '|' and hex digits are lowercase.
    if (this.anyEscape) alternatives.push('\\|u[0-9a-f]{4}');
    if (spec.kelvin) alternatives.push(literal(fold(KELVIN_UTF8)));
    if (spec.dottedI) alternatives.push(literal(fold(DOTTED_I_UTF8)));
    this.candidates = alternatives.length ? new RegExp(alternatives.join('|'), 'g') : null;
  }

  /** A reusable buffer of at least `length` bytes, 4-byte aligned for the word-wise fold. */
  scratch(length: number): Buffer {
    if (this.#scratch.length < length) this.#scratch = new Uint8Array(Math.max(length, SLAB * 2));
    return Buffer.from(this.#scratch.buffer, 0, length);
  }
}

/** Per needle, 1 when it reports its line. */
export function reportFlags(spec: NeedleSetSpec): Uint8Array {
  const flags = new Uint8Array(spec.needles.length);
  if (spec.reportNeedles) for (const i of spec.reportNeedles) flags[i] = 1;
  else flags.fill(1);
  return flags;
}

const FOLD = 0x20;
const STAR = 0x2a;
const NEWLINE = 0x0a;
const CR = 0x0d;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const KELVIN_UTF8 = Uint8Array.of(0xe2, 0x84, 0xaa);
const DOTTED_I_UTF8 = Uint8Array.of(0xc4, 0xb0);
/** Lines are gathered into slabs of about this many bytes; a call that fills `out` early has
 * searched at most one slab more than it reports. */
const SLAB = 128 * 1024;

function fold(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => b | FOLD);
}

/** A regexp source matching exactly these (Latin-1) bytes. */
function literal(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

export function scanLinesJs(
  set: JsNeedleSet,
  bytes: Uint8Array,
  from: number,
  to: number,
  out: Uint32Array,
): ScanResult {
  // Searches must stop at `to`, not run on through the rest of a large buffer.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, to);
  const { stride } = set;
  const cap = Math.floor(out.length / stride);
  let lines = 0;
  let newlines = 0;
  for (let pos = from; pos < to;) {
    const slab = new Slab(set, buf, pos, slabEnd(buf, pos, to));
    if (set.candidates) markLines(set, set.candidates, slab);
    if (set.spec.irregular) markIrregular(slab);
    for (let k = 0; k < slab.marks.length; k++) {
      if (!slab.marks[k]) continue;
      const start = slab.lineStart(k);
      const end = slab.lineEnd(k);
      const at = stride * lines;
      out[at] = start;
      out[at + 1] = end;
      out[at + 2] = newlines + k;
      if (set.masked) writeMask(set.masked, slab, start, end, out, at + 3);
      if (++lines === cap) {
        // Stop right after the line, as the native kernels do.
        return end < to
          ? { lines, resumeAt: end + 1, newlines: newlines + k + 1 }
          : { lines, resumeAt: to, newlines: newlines + k };
      }
    }
    newlines += slab.newlines.length;
    pos = slab.end;
  }
  return { lines, resumeAt: to, newlines };
}

/** The end of the first line ending at or after `pos + SLAB`, or `to`. */
function slabEnd(buf: Buffer, pos: number, to: number): number {
  if (to - pos <= SLAB) return to;
  const nl = buf.indexOf(NEWLINE, pos + SLAB - 1);
  return nl < 0 || nl >= to ? to : nl + 1;
}

/** Whole lines buf[start, end): line k runs from after newline k-1 to newline k (or `end`). */
class Slab {
  readonly newlines: number[] = [];
  readonly marks: Uint8Array;
  #folded: Buffer | null = null;
  #text: string | null = null;

  constructor(
    readonly set: JsNeedleSet,
    readonly buf: Buffer,
    readonly start: number,
    readonly end: number,
  ) {
    for (let i = buf.indexOf(NEWLINE, start); i >= 0 && i < end; i = buf.indexOf(NEWLINE, i + 1))
      this.newlines.push(i);
    this.marks = new Uint8Array(this.newlines.length + 1);
  }

  lineStart(k: number): number {
    return k === 0 ? this.start : this.newlines[k - 1]! + 1;
  }

  lineEnd(k: number): number {
    return k < this.newlines.length ? this.newlines[k]! : this.end;
  }

  /** The slab's bytes, each OR-ed with 0x20, in the set's scratch buffer. */
  folded(): Buffer {
    if (this.#folded) return this.#folded;
    const length = this.end - this.start;
    const folded = this.set.scratch(length);
    this.buf.copy(folded, 0, this.start, this.end);
    const words = new Uint32Array(folded.buffer, 0, length >>> 2);
    for (let i = 0; i < words.length; i++) words[i]! |= 0x20202020;
    for (let i = words.length * 4; i < length; i++) folded[i]! |= FOLD;
    return (this.#folded = folded);
  }

  /** folded() decoded as Latin-1: offset i is byte start + i. */
  text(): string {
    return (this.#text ??= this.folded().toString('latin1', 0, this.end - this.start));
  }

  /** The line holding absolute offset `at`: the number of newlines before it. */
  lineOf(at: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.newlines[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function markLines(set: JsNeedleSet, candidates: RegExp, slab: Slab): void {
  const folded = slab.folded();
  const text = slab.text();
  candidates.lastIndex = 0;
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    const at = slab.start + m.index;
    if (startsHere(set, slab, folded, at)) {
      const k = slab.lineOf(at);
      slab.marks[k] = 1;
      candidates.lastIndex = slab.lineEnd(k) + 1 - slab.start;
    } else {
      // Another pattern may still start here or just after: the regexp reports only one.
      candidates.lastIndex = m.index + 1;
    }
  }
}

/**
 * Whether the line buf[start, end) is one `irregular` reports: not empty (0 bytes or just '\r')
 * and not `{...}`, one trailing '\r' aside.
 */
export function irregularLine(buf: Uint8Array, start: number, end: number): boolean {
  if (end > start && buf[end - 1] === CR) end--;
  return end > start && (buf[start] !== OPEN || buf[end - 1] !== CLOSE);
}

function markIrregular(slab: Slab): void {
  const { buf, marks } = slab;
  for (let k = 0; k < marks.length; k++)
    if (!marks[k] && irregularLine(buf, slab.lineStart(k), slab.lineEnd(k))) marks[k] = 1;
}

/** Stores the mask of the line [start, end) as two uint32 at out[at]. */
function writeMask(
  masked: string[],
  slab: Slab,
  start: number,
  end: number,
  out: Uint32Array,
  at: number,
): void {
  const line = slab.text().slice(start - slab.start, end - slab.start);
  let low = 0;
  let high = 0;
  for (let i = 0; i < masked.length; i++) {
    if (!line.includes(masked[i]!)) continue;
    if (i < 32) low |= 1 << i;
    else high |= 1 << (i - 32);
  }
  out[at] = low;
  out[at + 1] = high;
}

/** Whether some reporting pattern occurs at `at`, inside its line. */
function startsHere(set: JsNeedleSet, slab: Slab, folded: Buffer, at: number): boolean {
  const { buf, start, end } = slab;
  for (const { folded: needle, star } of set.reporting) {
    if (at + needle.length > end) continue;
    if (folded.compare(needle, 0, needle.length, at - start, at - start + needle.length) !== 0)
      continue;
    if (!star) return true;
    const nl = buf.indexOf(NEWLINE, at);
    if (nl < 0 || nl >= at + needle.length) return true;
  }
  if (set.anyEscape && at + 6 <= end && buf[at] === 0x5c && buf[at + 1] === 0x75) {
    const cp = hex4(buf, at + 2);
    if (cp >= 0 && cp < 128 && set.escaped[cp | FOLD] === 1) return true;
    if ((cp === 0x212a && set.spec.kelvin) || (cp === 0x130 && set.spec.dottedI)) return true;
  }
  if (set.spec.kelvin && equalAt(buf, at, end, KELVIN_UTF8)) return true;
  return set.spec.dottedI && equalAt(buf, at, end, DOTTED_I_UTF8);
}

function equalAt(buf: Buffer, at: number, end: number, bytes: Uint8Array): boolean {
  return (
    at + bytes.length <= end && buf.compare(bytes, 0, bytes.length, at, at + bytes.length) === 0
  );
}

function hex4(b: Buffer, at: number): number {
  let v = 0;
  for (let i = at; i < at + 4; i++) {
    const c = b[i]!;
    let d = -1;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | FOLD) >= 0x61 && (c | FOLD) <= 0x66) d = (c | FOLD) - 0x57;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
