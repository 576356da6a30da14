import type { SourceText } from './source.js';
import { EqlSyntaxError } from '../errors.js';

export interface ScannedString {
  value: string;
  offsets: number[];
  end: number;
}

// Escapes from Elasticsearch's EQL AbstractBuilder.unquoteString: \t \b \f \n \r \" \' \\ and
// \u{2-8 hex digits}; any other escaped character passes through with its backslash, so
// regexes such as "\d" or "\w" keep working.
const SIMPLE_ESCAPES: Record<string, string> = {
  t: '\t',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** A double-quoted string starting at `start` (the opening quote). */
export function scanQuoted(src: SourceText, start: number): ScannedString {
  const text = src.text;
  let value = '';
  const offsets: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      offsets.push(i);
      return { value, offsets, end: i + 1 };
    }
    if (c === '\n' || c === '\r') break;
    if (c !== '\\') {
      value += c;
      offsets.push(i);
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === 'u' && text[i + 2] === '{') {
      const close = text.indexOf('}', i + 3);
      const hex = close < 0 ? '' : text.slice(i + 3, close);
      const char = decodeUnicode(src, hex, i);
      for (let k = 0; k < char.length; k++) offsets.push(i);
      value += char;
      i = close + 1;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      offsets.push(i);
    } else {
      value += c + next;
      offsets.push(i, i + 1);
    }
    i += 2;
  }
  const at = src.position(start);
  throw new EqlSyntaxError('unterminated string (strings cannot span lines)', at.line, at.column);
}

function decodeUnicode(src: SourceText, hex: string, at: number): string {
  const pos = src.position(at);
  if (!/^[0-9a-fA-F]{2,8}$/.test(hex)) {
    throw new EqlSyntaxError(
      `invalid unicode escape: \\u{…} takes 2 to 8 hexadecimal digits`,
      pos.line,
      pos.column,
    );
  }
  const code = parseInt(hex, 16);
  if (code >= 0xd800 && code <= 0xdfff) {
    throw new EqlSyntaxError(
      `invalid unicode character code, [${hex}] is a surrogate code`,
      pos.line,
      pos.column,
    );
  }
  if (code > 0x10ffff) {
    throw new EqlSyntaxError(`invalid unicode character code [${hex}]`, pos.line, pos.column);
  }
  return String.fromCodePoint(code);
}

/**
 * A raw string `"""…"""`: no escapes. As in the EQL grammar the body stops at the first `"""`
 * and up to two more quotes right after it belong to the body (`"""a""""` is `a"`).
 */
export function scanRaw(src: SourceText, start: number): ScannedString {
  const text = src.text;
  const close = text.indexOf('"""', start + 3);
  const newline = text.slice(start + 3, close < 0 ? undefined : close).search(/[\r\n]/);
  if (close < 0 || newline >= 0) {
    const at = src.position(start);
    throw new EqlSyntaxError(
      'unterminated raw string (""" strings cannot span lines)',
      at.line,
      at.column,
    );
  }
  let bodyEnd = close;
  while (bodyEnd - close < 2 && text[bodyEnd + 3] === '"') bodyEnd++;
  const value = text.slice(start + 3, bodyEnd);
  const offsets: number[] = [];
  for (let k = 0; k <= value.length; k++) offsets.push(start + 3 + k);
  return { value, offsets, end: bodyEnd + 3 };
}
