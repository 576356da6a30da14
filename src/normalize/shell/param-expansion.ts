/**
 * `${…}` parameter expansion: the forms attackers use to hide strings (`${X:0:4}`, `${X//_/}`,
 * `${X#*:}`, `${IFS}`, `${U:-/dev/tcp}`, `${X^^}`). Anything else, including glob patterns other
 * than a leading/trailing `*`, returns null and the caller keeps `${…}` as written.
 */
export interface ParameterContext {
  lookup(name: string): string | undefined;
  /** Expands a nested word (default value, pattern, replacement): quotes, `$X`, `$(…)`. */
  expandWord(text: string): string;
  /** Whether producing `chars` more characters fits the expansion budget. */
  canProduce(chars: number): boolean;
}

const SPECIAL_PARAMETERS = '@*#?$!-';

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

/** Length of the parameter name at the start of `body` (0 when there is none). */
function nameLength(body: string): number {
  const first = body[0];
  if (first === undefined) return 0;
  if (isNameStart(first)) {
    let i = 1;
    while (i < body.length && isNameChar(body[i]!)) i++;
    return i;
  }
  if (first >= '0' && first <= '9') {
    let i = 1;
    while (i < body.length && body[i]! >= '0' && body[i]! <= '9') i++;
    return i;
  }
  return SPECIAL_PARAMETERS.includes(first) ? 1 : 0;
}

export function expandParameter(body: string, ctx: ParameterContext): string | null {
  if (body.length > 1 && body[0] === '#' && nameLength(body.slice(1)) === body.length - 1) {
    const value = ctx.lookup(body.slice(1));
    return value === undefined ? null : String(value.length);
  }
  const length = nameLength(body);
  if (length === 0) return null;
  const name = body.slice(0, length);
  // Whatever is done to IFS (`${IFS%??}`, `${IFS:0:1}`) is used as a word separator.
  if (name === 'IFS') return ' ';
  const value = ctx.lookup(name);
  const rest = body.slice(length);
  if (rest === '') return value ?? null;

  const colon = rest[0] === ':';
  const op = colon ? rest[1] : rest[0];
  const word = rest.slice(colon ? 2 : 1);
  if (op === '-' || op === '=') {
    const unset = colon ? !value : value === undefined;
    return unset ? ctx.expandWord(word) : value!;
  }
  if (op === '+') {
    if (value === undefined) return null;
    return !colon || value !== '' ? ctx.expandWord(word) : '';
  }
  if (value === undefined || op === '?') return value ?? null;
  if (colon) return substring(value, rest.slice(1));
  if (rest[0] === '/') return replace(value, rest, ctx);
  if (rest[0] === '#' || rest[0] === '%') return removeAffix(value, rest, ctx);
  if (rest === '^^') return value.toUpperCase();
  if (rest === ',,') return value.toLowerCase();
  if (rest === '^') return value.slice(0, 1).toUpperCase() + value.slice(1);
  if (rest === ',') return value.slice(0, 1).toLowerCase() + value.slice(1);
  return null;
}

/** Plain integers, optionally negative or parenthesised (`${X: -2}`, `${X:(-2)}`). */
function parseShellInteger(text: string): number | null {
  let s = text.trim();
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  const negative = s.startsWith('-');
  const digits = negative ? s.slice(1) : s;
  if (digits === '' || digits.length > 9) return null;
  for (const c of digits) if (c < '0' || c > '9') return null;
  return (negative ? -1 : 1) * Number(digits);
}

function substring(value: string, spec: string): string | null {
  const colon = spec.indexOf(':');
  const offset = parseShellInteger(colon < 0 ? spec : spec.slice(0, colon));
  const count = colon < 0 ? value.length : parseShellInteger(spec.slice(colon + 1));
  if (offset === null || count === null) return null;
  const start = offset < 0 ? Math.max(0, value.length + offset) : Math.min(offset, value.length);
  const end = count < 0 ? value.length + count : start + count;
  return end <= start ? '' : value.slice(start, end);
}

function hasGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?') || pattern.includes('[');
}

function replace(value: string, rest: string, ctx: ParameterContext): string | null {
  const mode = rest[1] === '/' || rest[1] === '#' || rest[1] === '%' ? rest[1] : '';
  const spec = rest.slice(mode === '' ? 1 : 2);
  let split = -1;
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] === '\\') i++;
    else if (spec[i] === '/') {
      split = i;
      break;
    }
  }
  const rawPattern = split < 0 ? spec : spec.slice(0, split);
  if (hasGlob(rawPattern)) return null;
  const pattern = ctx.expandWord(rawPattern);
  const replacement = split < 0 ? '' : ctx.expandWord(spec.slice(split + 1));
  if (pattern === '') return value;
  if (mode === '/') {
    const parts = value.split(pattern);
    const size = value.length + (parts.length - 1) * (replacement.length - pattern.length);
    return ctx.canProduce(size) ? parts.join(replacement) : null;
  }
  if (mode === '#')
    return value.startsWith(pattern) ? replacement + value.slice(pattern.length) : value;
  if (mode === '%') {
    return value.endsWith(pattern)
      ? value.slice(0, value.length - pattern.length) + replacement
      : value;
  }
  const at = value.indexOf(pattern);
  return at < 0 ? value : value.slice(0, at) + replacement + value.slice(at + pattern.length);
}

/** `#`/`##` remove a prefix, `%`/`%%` a suffix; the pattern may only use `*` on its open end. */
function removeAffix(value: string, rest: string, ctx: ParameterContext): string | null {
  const prefix = rest[0] === '#';
  const longest = rest[1] === rest[0];
  const raw = rest.slice(longest ? 2 : 1);
  const star = prefix ? raw.startsWith('*') : raw.endsWith('*');
  const literalRaw = star ? (prefix ? raw.slice(1) : raw.slice(0, -1)) : raw;
  if (hasGlob(literalRaw)) return null;
  const literal = ctx.expandWord(literalRaw);
  if (!star) {
    if (prefix) return value.startsWith(literal) ? value.slice(literal.length) : value;
    return value.endsWith(literal) ? value.slice(0, value.length - literal.length) : value;
  }
  if (prefix) {
    const at = longest ? value.lastIndexOf(literal) : value.indexOf(literal);
    return at < 0 ? value : value.slice(at + literal.length);
  }
  const at = longest ? value.indexOf(literal) : value.lastIndexOf(literal);
  return at < 0 ? value : value.slice(0, at);
}
