/**
 * Reference building blocks for EQL: field resolution, scalar comparison, case folding and
 * wildcards. Written from docs/eql.md alone and shares no code with src/eql/: plain recursion,
 * nothing cached, easy to audit.
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every value a field path reaches. Arrays fan out (nested arrays flatten, an empty one yields
 * nothing); at each object level every run of consecutive segments is tried as one key, the way
 * Elasticsearch indexes `{"a": {"b": 1}, "a.b": 2}` as two values of `a.b`.
 */
export function resolveField(node: unknown, path: string): unknown[] {
  return walk(node, path.split('.'));
}

function walk(node: unknown, segments: string[]): unknown[] {
  if (Array.isArray(node)) return node.flatMap((el) => walk(el, segments));
  if (segments.length === 0) return [node];
  if (!isObject(node)) return [];
  const out: unknown[] = [];
  for (let take = 1; take <= segments.length; take++) {
    const key = segments.slice(0, take).join('.');
    if (Object.hasOwn(node, key)) out.push(...walk(node[key], segments.slice(take)));
  }
  return out;
}

/** Strings as they are, numbers and booleans as their JSON text; null and objects have none. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * "A numeric string equals the number": a decimal number as Elasticsearch's number parsers
 * read it (sign, digits, fraction, exponent). No whitespace, hex, `Infinity` or `NaN`.
 */
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !NUMERIC.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** `==` between a document value and a constant (never null here). */
export function scalarEquals(v: unknown, k: unknown): boolean {
  if (v === null || typeof v === 'object' || v === undefined) return false;
  if (typeof v === typeof k) return v === k;
  if (typeof v === 'number' || typeof k === 'number') {
    const a = numberOf(v);
    const b = numberOf(k);
    return a !== null && b !== null && a === b;
  }
  // A boolean and a string: keyword semantics, the boolean's text.
  return textOf(v) === textOf(k);
}

/** Sign of v - k for `<`, `<=`, `>`, `>=`; null when the two cannot be ordered. */
export function scalarOrder(v: unknown, k: unknown): number | null {
  if (typeof v === 'string' && typeof k === 'string') return compareCodePoints(v, k);
  if (typeof v === 'boolean' && typeof k === 'boolean') return Number(v) - Number(k);
  if (typeof v === 'number' || typeof k === 'number') {
    const a = numberOf(v);
    const b = numberOf(k);
    return a === null || b === null ? null : Math.sign(a - b);
  }
  return null;
}

/** Lucene orders keywords by UTF-8 bytes, which is code point order. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

/** Case-insensitive comparison lowercases one character at a time (no context rules). */
export function fold(s: string): string {
  return [...s].map((c) => c.toLowerCase()).join('');
}

/**
 * `*` any run, `?` exactly one UTF-16 code unit, everything else literal (no escapes), over the
 * whole value. Dynamic programming over prefixes: m[j] says pattern[0..i) matches text[0..j).
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let m = Array.from({ length: text.length + 1 }, (_, j) => j === 0);
  // Indexing (not for…of) walks code units, which is what `?` consumes.
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    const next = Array.from({ length: text.length + 1 }, () => false);
    for (let j = 0; j <= text.length; j++) {
      if (p === '*') next[j] = m[j]! || (j > 0 && next[j - 1]!);
      else if (j > 0) next[j] = m[j - 1]! && (p === '?' || p === text[j - 1]);
    }
    m = next;
  }
  return m[text.length]!;
}
