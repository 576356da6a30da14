/**
 * Lucene's numeric interval `<n-m>` (Automata.makeDecimalInterval) as an RE2 pattern.
 * why: Lucene documents two forms. When both bounds are written with the same number of
 * characters, `digits` is that count and values must have exactly that many digits, padded
 * with leading zeros (`<01-10>` matches `05` but not `5`). Otherwise any number of leading
 * zeros is accepted (`<1-10>` matches `5`, `05` and `0005`).
 */
export function intervalToRe2(min: number, max: number, digits: number): string {
  if (digits > 0) return group(sameLength(pad(min, digits), pad(max, digits)));
  const lo = String(min);
  const hi = String(max);
  const alternatives: string[] = [];
  for (let len = lo.length; len <= hi.length; len++) {
    const from = len === lo.length ? lo : `1${'0'.repeat(len - 1)}`;
    const to = len === hi.length ? hi : '9'.repeat(len);
    alternatives.push(sameLength(from, to));
  }
  return `0*${group(alternatives.join('|'))}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function group(re: string): string {
  return `(?:${re})`;
}

function anyDigits(n: number): string {
  return n === 0 ? '' : n === 1 ? '[0-9]' : `[0-9]{${n}}`;
}

/** Digit strings of one length between `lo` and `hi` (inclusive, lo <= hi). */
function sameLength(lo: string, hi: string): string {
  if (lo === hi) return lo;
  const a = Number(lo[0]);
  const b = Number(hi[0]);
  const restLo = lo.slice(1);
  const restHi = hi.slice(1);
  const rest = restLo.length;
  if (a === b) return `${a}${wrap(sameLength(restLo, restHi))}`;
  if (/^0*$/.test(restLo) && /^9*$/.test(restHi)) return `[${a}-${b}]${anyDigits(rest)}`;
  const parts = [`${a}${wrap(sameLength(restLo, '9'.repeat(rest)))}`];
  if (b - a > 1) parts.push(`[${a + 1}-${b - 1}]${anyDigits(rest)}`);
  parts.push(`${b}${wrap(sameLength('0'.repeat(rest), restHi))}`);
  return parts.join('|');
}

function wrap(re: string): string {
  return re.includes('|') ? group(re) : re;
}
