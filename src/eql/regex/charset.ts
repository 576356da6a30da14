/**
 * Sets of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges. Lucene's
 * automata work on code points, so every character class, literal and `.` becomes one of these.
 */
export type CharSet = readonly (readonly [number, number])[];

export const MAX_CODE_POINT = 0x10ffff;
export const EMPTY_SET: CharSet = [];
export const ANY_CHAR: CharSet = [[0, MAX_CODE_POINT]];

export function range(lo: number, hi: number): CharSet {
  return lo <= hi ? [[lo, hi]] : EMPTY_SET;
}

export function union(...sets: CharSet[]): CharSet {
  const all = sets.flat().slice();
  all.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function negate(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

export function has(set: CharSet, cp: number): boolean {
  return set.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export function isEmptySet(set: CharSet): boolean {
  return set.length === 0;
}

/**
 * Lucene's ASCII_CASE_INSENSITIVE (RegExp.toCaseInsensitiveChar): only code points up to 128
 * get their other case, which in practice means the ASCII letters; `é`, `K` (Kelvin) etc. stay
 * case-sensitive.
 */
export function asciiOtherCase(cp: number): number | null {
  if (cp >= 0x61 && cp <= 0x7a) return cp - 0x20;
  if (cp >= 0x41 && cp <= 0x5a) return cp + 0x20;
  return null;
}

export function charOf(cp: number, fold: boolean): CharSet {
  const other = fold ? asciiOtherCase(cp) : null;
  return other === null ? [[cp, cp]] : union([[cp, cp]], [[other, other]]);
}

const PLAIN = /^[A-Za-z0-9_]$/;

/** One code point in RE2 syntax; anything but a word character is written as `\x{…}`. */
export function re2Char(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return PLAIN.test(ch) ? ch : `\\x{${cp.toString(16).toUpperCase()}}`;
}

/** A set as one RE2 atom. */
export function re2Set(set: CharSet): string {
  const first = set[0];
  if (!first) return '[^\\x{0}-\\x{10FFFF}]'; // why: RE2 has no "nothing" atom; this class is empty
  if (set.length === 1 && first[0] === 0 && first[1] === MAX_CODE_POINT) return '(?s:.)';
  if (set.length === 1 && first[0] === first[1]) return re2Char(first[0]);
  const body = set
    .map(([lo, hi]) => (lo === hi ? re2Char(lo) : `${re2Char(lo)}-${re2Char(hi)}`))
    .join('');
  return `[${body}]`;
}
