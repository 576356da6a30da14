import { createRequire } from 'node:module';
import { JsNeedleSet, reportFlags, scanLinesJs } from './line-scan-js.js';

export { irregularLine } from './line-scan-js.js';

/**
 * One pass over a chunk of JSON-Lines input that finds every line holding any of a set of
 * literal texts, and optionally tells which of the texts each of those lines holds. The work
 * happens in a native addon (native/, built by node-gyp at install) with a pure-JS fallback of
 * the same contract when the addon cannot be loaded.
 */

export interface NeedleSetSpec {
  /**
   * Needle texts, printable ASCII, length ≥ 2. Matching folds case on BOTH sides with
   * byte | 0x20 (so it may over-match, e.g. '@' vs '`', never under-match): one search serves
   * case-sensitive and case-insensitive needles; the caller re-checks exact case itself.
   */
  needles: string[];
  /**
   * Indexes into `needles` of the needles that report a line; the others only show in masks,
   * and cost nothing on lines that are not reported. Omitted: every needle reports.
   */
  reportNeedles?: number[];
  /**
   * Each record in `out` takes 5 values instead of 3: lineStart, lineEnd, newlinesBefore,
   * maskLow, maskHigh, where bit i (of maskLow for i < 32, of maskHigh for 32..63) says needle i
   * occurs in the line (folded compare, entirely inside the line), reporting or not, whatever
   * the reason the line is reported. At most 64 needles.
   */
  masks?: boolean;
  /**
   * Also report every line that is not empty (neither 0 bytes nor just '\r') and whose first
   * byte is not '{' or whose last byte, one trailing '\r' aside, is not '}': truncated or
   * garbage lines, which no needle may pick but the parser must see to report them.
   */
  irregular?: boolean;
  /**
   * ASCII code points (0-127) whose `\uXXXX` JSON escape (hex digits either case) must mark
   * the line, because such an escape could hide a needle character. Compared folded: if 'a' is
   * in the set, \u0041 and \u0061 both mark.
   */
  escapedChars: string;
  /** Also mark lines containing U+212A KELVIN SIGN (raw or `\u212a`): it lowercases to 'k'. */
  kelvin: boolean;
  /** Also mark lines containing U+0130 (raw or `\u0130`): it lowercases to 'i' + U+0307. */
  dottedI: boolean;
}

export interface CompiledNeedleSet {
  readonly impl: 'native' | 'js';
  /** uint32 values per reported line in `out`: 5 with masks, else 3. */
  readonly stride: 3 | 5;
}

export interface ScanResult {
  /** Lines reported, so records written to `out`. */
  lines: number;
  /** Where the next call continues: the start of the first line not scanned, or `to`. */
  resumeAt: number;
  /** '\n' bytes in buf[from, resumeAt). */
  newlines: number;
}

/** Native kernels, fastest first; the CPU decides which ones are available. */
export type NativeKernel = 'avx2' | 'ssse3' | 'scalar';

export interface CompileOptions {
  /** Insist on one implementation (tests, benchmarks); 'native' throws when it is missing. */
  impl?: 'native' | 'js';
  /** The fastest native kernel allowed; a CPU lacking it gets the next slower one. */
  kernel?: NativeKernel;
}

interface Addon {
  compile(
    needles: string[],
    report: Uint8Array,
    escapedChars: string,
    kelvin: boolean,
    dottedI: boolean,
    masks: boolean,
    irregular: boolean,
    ceiling: number,
  ): { handle: object; kernel: NativeKernel };
  scan(
    handle: object,
    buf: Uint8Array,
    from: number,
    to: number,
    out: Uint32Array,
    progress: Uint32Array,
  ): number;
}

const KERNEL_CEILING: Record<NativeKernel, number> = { scalar: 1, ssse3: 2, avx2: 3 };

/**
 * The addon sits in build/Release at the package root, two levels above this module both in
 * src/ (tests) and dist/ (the package). CRONWARDEN_LINE_SCAN=js skips it, to compare the two.
 */
function loadAddon(): Addon | undefined {
  if (process.env.CRONWARDEN_LINE_SCAN === 'js') return undefined;
  try {
    return createRequire(import.meta.url)('../../build/Release/line_scan.node') as Addon;
  } catch {
    return undefined;
  }
}

const addon = loadAddon();

/** Which implementation compileNeedleSet uses by default. */
export const activeImpl: 'native' | 'js' = addon ? 'native' : 'js';

class NativeNeedleSet implements CompiledNeedleSet {
  readonly impl = 'native' as const;
  /** Where the addon writes resumeAt and newlines, so a scan allocates nothing natively. */
  readonly progress = new Uint32Array(2);

  constructor(
    readonly addon: Addon,
    readonly handle: object,
    readonly kernel: NativeKernel,
    readonly stride: 3 | 5,
  ) {}
}

export function compileNeedleSet(
  spec: NeedleSetSpec,
  options: CompileOptions = {},
): CompiledNeedleSet {
  validateSpec(spec);
  const impl = options.impl ?? activeImpl;
  if (impl === 'js') return new JsNeedleSet(spec);
  if (!addon) throw new Error('the native line scanner is not built (npm rebuild builds it)');
  const compiled = addon.compile(
    spec.needles,
    reportFlags(spec),
    spec.escapedChars,
    spec.kelvin,
    spec.dottedI,
    spec.masks === true,
    spec.irregular === true,
    KERNEL_CEILING[options.kernel ?? 'avx2'],
  );
  return new NativeNeedleSet(addon, compiled.handle, compiled.kernel, spec.masks ? 5 : 3);
}

/** The native kernel a set runs on, or undefined for the JS implementation. */
export function kernelOf(set: CompiledNeedleSet): NativeKernel | undefined {
  return set instanceof NativeNeedleSet ? set.kernel : undefined;
}

/**
 * Scans buf[from, to) for lines (separated by '\n'; the last may end at `to` without one)
 * holding a reporting needle occurrence entirely inside the line, or a marking escape or
 * character, or (with `irregular`) not shaped like one JSON object. For each, in order, writes
 * a record into `out`: lineStart, lineEnd (offset of its '\n', or `to`), the number of '\n' in
 * buf[from, lineStart), and with `masks` the line's needle mask, low then high 32 bits. Stops
 * as soon as `out` holds no room for another record; resumeAt then is the start of the line
 * after the last one written.
 */
export function scanLines(
  set: CompiledNeedleSet,
  buf: Uint8Array,
  from: number,
  to: number,
  out: Uint32Array,
): ScanResult {
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to))
    throw new RangeError(`scanLines: bad region [${from}, ${to})`);
  if (to > buf.length || to > 0xffffffff)
    throw new RangeError(`scanLines: region end ${to} beyond the buffer or 2^32 - 1`);
  if (out.length < set.stride) throw new RangeError('scanLines: out has no room for a record');
  if (set instanceof NativeNeedleSet) {
    const { addon, handle, progress } = set;
    const lines = addon.scan(handle, buf, from, to, out, progress);
    return { lines, resumeAt: progress[0]!, newlines: progress[1]! };
  }
  if (set instanceof JsNeedleSet) return scanLinesJs(set, buf, from, to, out);
  throw new TypeError('scanLines: the set does not come from compileNeedleSet');
}

function validateSpec(spec: NeedleSetSpec): void {
  if (spec.masks && spec.needles.length > 64)
    throw new RangeError(`masks hold at most 64 needles, not ${spec.needles.length}`);
  for (const i of spec.reportNeedles ?? [])
    if (!(Number.isInteger(i) && i >= 0 && i < spec.needles.length))
      throw new RangeError(`reportNeedles: ${i} is not the index of a needle`);
  for (const n of spec.needles)
    if (n.length < 2 || !/^[\x20-\x7e]+$/.test(n))
      throw new RangeError(`needle ${JSON.stringify(n)} is not printable ASCII of length ≥ 2`);
  if ([...spec.escapedChars].some((c) => c.charCodeAt(0) > 0x7f))
    throw new RangeError('escapedChars holds a character beyond ASCII');
}
