import type { NeedleSetSpec, ScanResult } from '../../src/prefilter/line-scan.js';

/**
 * The line-scan contract written as plainly as possible, to hold both implementations to:
 * split the region into lines and test each one on its own. Returns every record scanLines
 * writes: [start, end, newlines before] plus, with masks, [mask low, mask high].
 */
export function referenceLines(
  spec: NeedleSetSpec,
  buf: Uint8Array,
  from: number,
  to: number,
): number[][] {
  const lines: number[][] = [];
  let start = from;
  let newlines = 0;
  for (let i = from; i <= to; i++) {
    if (i < to && buf[i] !== 0x0a) continue;
    const line = buf.subarray(start, i);
    const held = heldNeedles(spec, line);
    const reports = spec.reportNeedles ?? spec.needles.map((_, k) => k);
    if (
      reports.some((k) => held[k]) ||
      marked(spec, line) ||
      (spec.irregular === true && irregular(line))
    ) {
      const record = [start, i, newlines];
      if (spec.masks) record.push(maskBits(held, 0), maskBits(held, 32));
      lines.push(record);
    }
    if (i < to) newlines++;
    start = i + 1;
  }
  return lines;
}

/** What one scanLines call with room for `cap` records returns. */
export function referenceScan(
  spec: NeedleSetSpec,
  buf: Uint8Array,
  from: number,
  to: number,
  cap: number,
): { records: number[][]; result: ScanResult } {
  const all = referenceLines(spec, buf, from, to);
  if (all.length < cap) {
    const newlines = buf.subarray(from, to).filter((b) => b === 0x0a).length;
    return { records: all, result: { lines: all.length, resumeAt: to, newlines } };
  }
  const records = all.slice(0, cap);
  const [, end, before] = records[cap - 1]!;
  const result =
    end! < to
      ? { lines: cap, resumeAt: end! + 1, newlines: before! + 1 }
      : { lines: cap, resumeAt: to, newlines: before! };
  return { records, result };
}

function fold(bytes: Uint8Array): string {
  return Buffer.from(bytes.map((b) => b | 0x20)).toString('latin1');
}

/** Per needle, whether the line holds it. */
function heldNeedles(spec: NeedleSetSpec, line: Uint8Array): boolean[] {
  const folded = fold(line);
  return spec.needles.map((n) => folded.includes(fold(Buffer.from(n, 'latin1'))));
}

/** The 32 bits from needle `first` on, as an unsigned number. */
function maskBits(held: boolean[], first: number): number {
  let bits = 0;
  for (let i = 0; i < 32; i++) if (held[first + i]) bits += 2 ** i;
  return bits;
}

function marked(spec: NeedleSetSpec, line: Uint8Array): boolean {
  const raw = Buffer.from(line).toString('latin1');
  if (spec.kelvin && raw.includes('\xe2\x84\xaa')) return true;
  if (spec.dottedI && raw.includes('\xc4\xb0')) return true;
  const escaped = new Set([...spec.escapedChars].map((c) => c.charCodeAt(0) | 0x20));
  for (const m of raw.matchAll(/\\u([0-9a-fA-F]{4})/g)) {
    const cp = parseInt(m[1]!, 16);
    if (
      cp < 128
        ? escaped.has(cp | 0x20)
        : (cp === 0x212a && spec.kelvin) || (cp === 0x130 && spec.dottedI)
    )
      return true;
  }
  return false;
}

function irregular(line: Uint8Array): boolean {
  const text = Buffer.from(line).toString('latin1').replace(/\r$/, '');
  return text !== '' && !(text.startsWith('{') && text.endsWith('}'));
}
