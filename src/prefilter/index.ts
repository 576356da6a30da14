import type { Witness } from '../sigma/index.js';
import { formulaText, needlesOf, or, type Formula, type Needle } from './formula.js';
import { compileHiddenCheck } from './hidden.js';
import { compileNeedleSet, scanLines, type CompiledNeedleSet } from './line-scan.js';
import { anchorsOf, compileLineCheck, compileMaskCheck } from './plan.js';
import { followUpFormula, nativeReaders, witnessFormula } from './translate.js';

export type { Formula, Needle } from './formula.js';

export interface PrefilterStats {
  /** Lines the needle search stopped at. */
  anchorLines: number;
  /** Of those, lines handed on to be parsed. */
  passed: number;
}

/** The scanner reports which of at most this many needles a line holds. */
const MASK_NEEDLES = 64;

/**
 * Decides from a line's raw bytes whether any loaded rule could match its event, so that `scan`
 * parses only those lines. Sound by construction: it only ever lets through more lines than
 * can match (see docs/scanning.md for the argument and its limits).
 */
export class LinePrefilter {
  readonly stats: PrefilterStats = { anchorLines: 0, passed: 0 };
  readonly #set: CompiledNeedleSet;
  readonly #masks: boolean;
  readonly #stride: number;
  readonly #check: (line: Buffer, low: number, high: number) => boolean;
  readonly #hidden: (line: Buffer) => boolean;
  readonly #out: Uint32Array;

  constructor(
    readonly formula: Formula,
    readonly anchors: readonly Needle[],
  ) {
    const all = needlesOf(formula);
    const chars = [...new Set(all.flatMap((n) => [...n.text]))].join('');
    const insensitive = all.filter((n) => !n.cased);
    const kelvin = insensitive.some((n) => n.text.includes('k'));
    const dottedI = insensitive.some((n) => n.text.includes('i'));
    // The scanner folds case itself: one search text per folded needle.
    const texts = [...new Set(all.map((n) => n.text.toLowerCase()))];
    const textIndex = (n: Needle): number => texts.indexOf(n.text.toLowerCase());
    this.#masks = texts.length <= MASK_NEEDLES;
    this.#stride = this.#masks ? 5 : 3;
    this.#out = new Uint32Array(this.#stride * 4096);
    this.#set = compileNeedleSet(
      this.#masks
        ? {
            needles: texts,
            reportNeedles: [...new Set(anchors.map(textIndex))],
            masks: true,
            irregular: true,
            escapedChars: chars,
            kelvin,
            dottedI,
          }
        : {
            needles: [...new Set(anchors.map((n) => n.text.toLowerCase()))],
            irregular: true,
            escapedChars: chars,
            kelvin,
            dottedI,
          },
    );
    if (this.#masks) this.#check = compileMaskCheck(formula, textIndex);
    else {
      const check = compileLineCheck(formula);
      this.#check = (line) => check(line);
    }
    this.#hidden = compileHiddenCheck(chars, kelvin, dottedI);
  }

  get impl(): 'native' | 'js' {
    return this.#set.impl;
  }

  /**
   * Calls `emit` for each line of buf[from, to) that may match, in order, with the number of
   * newlines before it in the region; returns the region's newline count. Lines that do not
   * look like one JSON object are always let through, so the reader reports them.
   */
  scan(
    buf: Buffer,
    from: number,
    to: number,
    emit: (start: number, end: number, newlinesBefore: number) => void,
  ): number {
    const out = this.#out;
    const stride = this.#stride;
    let at = from;
    let newlines = 0;
    while (at < to) {
      const r = scanLines(this.#set, buf, at, to, out);
      for (let i = 0; i < r.lines * stride; i += stride) {
        this.stats.anchorLines++;
        const start = out[i]!;
        const end = out[i + 1]!;
        const line = buf.subarray(start, end);
        if (
          irregular(line) ||
          this.#check(line, stride === 5 ? out[i + 3]! : 0, stride === 5 ? out[i + 4]! : 0) ||
          this.#hidden(line)
        ) {
          this.stats.passed++;
          emit(start, end, newlines + out[i + 2]!);
        }
      }
      newlines += r.newlines;
      if (r.resumeAt <= at) break;
      at = r.resumeAt;
    }
    return newlines;
  }

  /** Whether one whole line (no newline in it) may match: the same decision scan() makes. */
  test(line: Buffer): boolean {
    let hit = false;
    this.scan(line, 0, line.length, () => (hit = true));
    return hit;
  }

  describe(): string {
    return formulaText(this.formula);
  }
}

/** Not one JSON object on its own line: truncated, garbage, or part of a bigger document. */
function irregular(line: Buffer): boolean {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0d) end--;
  return end > 0 && (line[0] !== 0x7b || line[end - 1] !== 0x7d);
}

export interface PrefilterOptions {
  /** Let through what the follow-up linker may attach to an alert without a rule matching. */
  followUps: boolean;
  /**
   * The input format (`auto` when detected per value): structural probes of native events apply
   * only when native lines are read as native.
   */
  inputFormat?: string;
}

/**
 * The prefilter for a rule set, or null when some rule constrains nothing a byte search can
 * see (then every line must be parsed).
 */
export function buildPrefilter(
  witnesses: readonly Witness[],
  options: PrefilterOptions,
): LinePrefilter | null {
  const format = options.inputFormat ?? 'auto';
  const native = format === 'auto' || format === 'native' ? nativeReaders() : null;
  const parts = witnesses.map((w) => witnessFormula(w, native));
  if (options.followUps) parts.push(followUpFormula(native));
  const formula = or(parts);
  const anchors = anchorsOf(formula);
  if (!anchors) return null;
  return new LinePrefilter(formula, anchors);
}
