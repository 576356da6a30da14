/**
 * Whether a line could hold a needle character in a form a byte search does not see: a JSON
 * `\uXXXX` escape of one of `chars` (either case), or (for case-insensitive needles) KELVIN
 * SIGN and LATIN CAPITAL I WITH DOT, the two non-ASCII characters that lowercase to ASCII.
 */
export function compileHiddenCheck(
  chars: string,
  kelvin: boolean,
  dottedI: boolean,
): (line: Buffer) => boolean {
  const codes = new Set<number>();
  for (const c of chars) {
    codes.add(c.toLowerCase().charCodeAt(0));
    codes.add(c.toUpperCase().charCodeAt(0));
  }
  if (kelvin) codes.add(0x212a);
  if (dottedI) codes.add(0x130);
  const KELVIN = Buffer.from('\u212a');
  const DOTTED_I = Buffer.from('\u0130');
  return (line) => {
    if (kelvin && line.indexOf(KELVIN) >= 0) return true;
    if (dottedI && line.indexOf(DOTTED_I) >= 0) return true;
    for (let i = line.indexOf(BACKSLASH_U); i >= 0; i = line.indexOf(BACKSLASH_U, i + 1)) {
      const code = hex4(line, i + 2);
      if (code >= 0 && codes.has(code)) return true;
    }
    return false;
  };
}

const BACKSLASH_U = Buffer.from('\\u');

function hex4(b: Buffer, at: number): number {
  if (at + 4 > b.length) return -1;
  let v = 0;
  for (let i = at; i < at + 4; i++) {
    const c = b[i]!;
    const d =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x61 && c <= 0x66
          ? c - 0x57
          : c >= 0x41 && c <= 0x46
            ? c - 0x37
            : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
