import {
  activeImpl,
  scanLines,
  type CompiledNeedleSet,
  type CompileOptions,
} from '../../src/prefilter/line-scan.js';

/** Every implementation this machine can run: the JS fallback and each native kernel (a CPU
 * lacking a kernel's instructions quietly runs a slower one, still worth comparing). */
export const IMPLS: { name: string; options: CompileOptions }[] = [
  { name: 'js', options: { impl: 'js' } },
  ...(activeImpl === 'native'
    ? (['avx2', 'ssse3', 'scalar'] as const).map((kernel) => ({
        name: `native ${kernel}`,
        options: { impl: 'native' as const, kernel },
      }))
    : []),
];

/** Every record, newline counts made absolute, resuming with room for `cap` records. */
export function scanAll(
  set: CompiledNeedleSet,
  buf: Uint8Array,
  from = 0,
  to = buf.length,
  cap = 64,
): number[][] {
  const { stride } = set;
  const out = new Uint32Array(stride * cap);
  const lines: number[][] = [];
  let newlines = 0;
  for (let at = from; at < to;) {
    const r = scanLines(set, buf, at, to, out);
    for (let i = 0; i < r.lines; i++) {
      const [s, e, n, ...mask] = out.subarray(stride * i, stride * i + stride);
      lines.push([s!, e!, n! + newlines, ...mask]);
    }
    newlines += r.newlines;
    at = r.resumeAt;
  }
  return lines;
}
