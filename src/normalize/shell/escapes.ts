/**
 * Backslash escapes as the shell decodes them. The three dialects differ only in details that
 * attackers use to spell `/dev/tcp` or `bash` without writing it:
 * - `ansi-c`: bash `$'…'` strings: `\nnn` octal, `\cX` control characters, `\'` and `\"`;
 * - `echo`: `echo -e` and printf `%b`: octal only as `\0nnn`, `\c` ends the output;
 * - `printf`: a printf format: `\nnn` octal, `\"`, `\c` ends the output.
 * All three accept `\xHH`, `\uHHHH`, `\UHHHHHHHH` and the usual `\n`, `\t` … letters.
 * Work and output are linear in the input; unknown escapes stay as written.
 */
export type EscapeDialect = 'ansi-c' | 'echo' | 'printf';

export interface Unescaped {
  text: string;
  /** A `\c` cut the output short (echo/printf dialects). */
  stopped: boolean;
  /** Number of `\x`, octal or unicode escapes decoded: a hint that the text was obfuscated. */
  numericEscapes: number;
}

const LETTER_ESCAPES = new Map<string, number>([
  ['a', 7],
  ['b', 8],
  ['e', 27],
  ['E', 27],
  ['f', 12],
  ['n', 10],
  ['r', 13],
  ['t', 9],
  ['v', 11],
  ['\\', 92],
]);

function digitValue(c: string | undefined, radix: 8 | 16): number {
  if (c === undefined) return -1;
  const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : -1;
  if (radix === 8) return v >= 0 && v < 8 ? v : -1;
  if (v >= 0) return v;
  const lower = c.toLowerCase();
  return lower >= 'a' && lower <= 'f' ? lower.charCodeAt(0) - 87 : -1;
}

export function decodeEscapes(input: string, dialect: EscapeDialect): Unescaped {
  // Worst case is 4 UTF-8 bytes per input character (a lone non-BMP character or `\U…`).
  const out = Buffer.allocUnsafe(input.length * 4 + 4);
  let size = 0;
  let numericEscapes = 0;
  let literalStart = 0;
  let i = 0;
  const flushLiteral = (end: number) => {
    if (end > literalStart) size += out.write(input.slice(literalStart, end), size, 'utf8');
  };
  /** Reads up to `max` digits at `from`; returns [value, digitsRead]. */
  const readNumber = (from: number, radix: 8 | 16, max: number): [number, number] => {
    let value = 0;
    let n = 0;
    while (n < max) {
      const d = digitValue(input[from + n], radix);
      if (d < 0) break;
      value = value * radix + d;
      n++;
    }
    return [value, n];
  };
  while (i < input.length) {
    if (input[i] !== '\\' || i + 1 >= input.length) {
      i++;
      continue;
    }
    flushLiteral(i);
    const c = input[i + 1]!;
    let consumed = 2;
    let handled = true;
    const letter = LETTER_ESCAPES.get(c);
    if (letter !== undefined) {
      out[size++] = letter;
    } else if (c === 'x' || c === 'u' || c === 'U') {
      const [value, n] = readNumber(i + 2, 16, c === 'x' ? 2 : c === 'u' ? 4 : 8);
      if (n === 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) handled = false;
      else if (c === 'x') out[size++] = value;
      else size += out.write(String.fromCodePoint(value), size, 'utf8');
      consumed += n;
      if (handled) numericEscapes++;
    } else if (c >= '0' && c <= '7' && (dialect !== 'echo' || c === '0')) {
      const skip = dialect === 'echo' ? 1 : 0;
      const [value, n] = readNumber(i + 1 + skip, 8, 3);
      out[size++] = value & 0xff;
      consumed = 1 + skip + n;
      numericEscapes++;
    } else if (c === 'c' && dialect !== 'ansi-c') {
      return { text: out.toString('utf8', 0, size), stopped: true, numericEscapes };
    } else if (c === 'c' && i + 2 < input.length) {
      out[size++] = input.charCodeAt(i + 2) & 0x1f;
      consumed = 3;
    } else if ((c === "'" || c === '?') && dialect === 'ansi-c') {
      out[size++] = c.charCodeAt(0);
    } else if (c === '"' && dialect !== 'echo') {
      out[size++] = 34;
    } else {
      handled = false;
    }
    if (!handled) {
      literalStart = i;
      i += consumed;
      continue;
    }
    i += consumed;
    literalStart = i;
  }
  flushLiteral(input.length);
  return { text: out.toString('utf8', 0, size), stopped: false, numericEscapes };
}
