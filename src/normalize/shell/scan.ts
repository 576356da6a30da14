/**
 * Forward-only scanners over shell source. Each call is linear in the characters it passes and
 * callers continue after the returned index, so a script is never rescanned from the start.
 */

export function isNameStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

export function isNameChar(c: string | undefined): boolean {
  return isNameStart(c) || (c !== undefined && c >= '0' && c <= '9');
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Index just past the closing `"` of a double-quoted string opening at `open`. */
function skipDoubleQuoted(src: string, open: number): number {
  let i = open + 1;
  while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, src.length);
}

function skipSingleQuoted(src: string, open: number): number {
  const close = src.indexOf("'", open + 1);
  return close < 0 ? src.length : close + 1;
}

/** Index just past the `)` matching the `(` at `open`, or the end of `src` when unbalanced. */
export function skipBalancedParens(src: string, open: number): number {
  const close = closingIndex(src, open, 0, '(', ')');
  return close < 0 ? src.length : close + 1;
}

/** Index of the `}` closing a `${` whose body starts at `start`, or -1 when there is none. */
export function findBraceEnd(src: string, start: number): number {
  return closingIndex(src, start, 1, '{', '}');
}

/** Where nesting of `open`/`close` (outside quotes and escapes) drops back to zero; -1 if never. */
function closingIndex(
  src: string,
  from: number,
  depth: number,
  open: string,
  close: string,
): number {
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === "'") i = skipSingleQuoted(src, i);
    else if (c === '"') i = skipDoubleQuoted(src, i);
    else {
      if (c === open) depth++;
      else if (c === close && --depth === 0) return i;
      i++;
    }
  }
  return -1;
}

/** bash brace expansion of a whole unquoted word: `{nc,10.0.0.1,4444}` → three words. */
export function braceExpand(raw: string): string[] | null {
  if (raw.length < 3 || raw[0] !== '{' || raw[raw.length - 1] !== '}') return null;
  const inner = raw.slice(1, -1);
  if (!inner.includes(',') || inner.includes('{') || inner.includes('}')) return null;
  return inner.split(',').filter((part) => part !== '');
}
