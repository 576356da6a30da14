import { decodeEscapes } from './escapes.js';

/**
 * Output of `echo` and `printf`, the usual first stage of an obfuscated pipeline
 * (`echo … | base64 -d`, `printf '\x62\x61\x73\x68'`, `printf "\\$(printf %o 98)"`).
 */
export interface TextOutput {
  text: string;
  /** Numeric escapes were decoded: the output was hidden in the source. */
  decoded: boolean;
}

function isEchoFlags(arg: string): boolean {
  if (arg.length < 2 || arg[0] !== '-') return false;
  for (let i = 1; i < arg.length; i++) if (!'neE'.includes(arg[i]!)) return false;
  return true;
}

/** bash echo: escapes only with `-e`, no trailing newline with `-n` or after `\c`. */
export function echoOutput(args: readonly string[]): TextOutput {
  let i = 0;
  let interpret = false;
  let newline = true;
  for (; i < args.length && isEchoFlags(args[i]!); i++) {
    for (const flag of args[i]!.slice(1)) {
      if (flag === 'n') newline = false;
      else interpret = flag === 'e';
    }
  }
  const text = args.slice(i).join(' ');
  if (!interpret) return { text: newline ? `${text}\n` : text, decoded: false };
  const decoded = decodeEscapes(text, 'echo');
  const end = newline && !decoded.stopped ? '\n' : '';
  return { text: decoded.text + end, decoded: decoded.numericEscapes > 0 };
}

export interface PrintfCall {
  /** `printf -v NAME`: the output goes to a variable instead of stdout. */
  variable: string | null;
  output: TextOutput;
}

function toInteger(arg: string | undefined): number {
  if (arg === undefined) return 0;
  const trimmed = arg.trim();
  // `'c` / `"c` is the character code of c.
  if (trimmed[0] === "'" || trimmed[0] === '"') return trimmed.codePointAt(1) ?? 0;
  const n = Number(trimmed);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** `printf [-v NAME] FORMAT ARGS…`, reusing the format while arguments remain (as bash does). */
export function printfCall(args: readonly string[], maxChars: number): PrintfCall | null {
  let i = 0;
  let variable: string | null = null;
  if (args[i] === '-v' && args[i + 1] !== undefined) {
    variable = args[i + 1]!;
    i += 2;
  }
  if (args[i] === '--') i++;
  const format = args[i];
  if (format === undefined) return null;
  const values = args.slice(i + 1);
  const pieces: string[] = [];
  let size = 0;
  let next = 0;
  let decoded = false;
  const emit = (text: string) => {
    pieces.push(text);
    size += text.length;
  };
  do {
    const before = next;
    let pos = 0;
    while (pos < format.length && size <= maxChars) {
      const percent = format.indexOf('%', pos);
      const literalEnd = percent < 0 ? format.length : percent;
      if (literalEnd > pos) {
        const literal = decodeEscapes(format.slice(pos, literalEnd), 'printf');
        decoded ||= literal.numericEscapes > 0;
        emit(literal.text);
        if (literal.stopped) return { variable, output: { text: pieces.join(''), decoded } };
      }
      if (percent < 0) break;
      let p = percent + 1;
      while (p < format.length && '-+ #0'.includes(format[p]!)) p++;
      while (
        p < format.length &&
        ((format[p]! >= '0' && format[p]! <= '9') || '.*'.includes(format[p]!))
      ) {
        if (format[p] === '*') next++;
        p++;
      }
      const conversion = format[p];
      pos = p + 1;
      if (conversion === '%') emit('%');
      else if (conversion === 's') emit(values[next++] ?? '');
      else if (conversion === 'c') emit((values[next++] ?? '').slice(0, 1));
      else if (conversion === 'b') {
        const value = decodeEscapes(values[next++] ?? '', 'echo');
        decoded ||= value.numericEscapes > 0;
        emit(value.text);
        if (value.stopped) return { variable, output: { text: pieces.join(''), decoded } };
      } else if (conversion !== undefined && 'diouxX'.includes(conversion)) {
        const n = toInteger(values[next++]);
        const radix = conversion === 'o' ? 8 : conversion === 'x' || conversion === 'X' ? 16 : 10;
        const text = n.toString(radix);
        emit(conversion === 'X' ? text.toUpperCase() : text);
      } else emit(format.slice(percent, pos));
    }
    if (next === before) break;
  } while (next < values.length && size <= maxChars);
  return { variable, output: { text: pieces.join('').slice(0, maxChars), decoded } };
}
