import { foldCase } from './fold-case.js';

/**
 * Sigma string values after escape processing: literal runs and the two wildcards.
 * `*` is any run of characters (also empty), `?` exactly one UTF-16 code unit.
 */
export const ANY_RUN = Symbol('*');
export const ANY_ONE = Symbol('?');
export type GlobPart = string | typeof ANY_RUN | typeof ANY_ONE;
export type Glob = GlobPart[];

const ESCAPABLE = new Set(['*', '?', '\\']);

/**
 * Backslash escapes only `*`, `?` and itself; before anything else (or at the end) it is a
 * literal backslash, so Windows paths need no doubling.
 */
export function parseSigmaString(value: string): Glob {
  const parts: Glob = [];
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[i + 1];
      if (next !== undefined && ESCAPABLE.has(next)) {
        literal += next;
        i++;
      } else {
        literal += c;
      }
    } else if (c === '*' || c === '?') {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(c === '*' ? ANY_RUN : ANY_ONE);
    } else {
      literal += c;
    }
  }
  if (literal) parts.push(literal);
  return normalizeGlob(parts);
}

/** Merges adjacent literals and collapses runs of `*` (which mean the same as one). */
export function normalizeGlob(parts: Glob): Glob {
  const out: Glob = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string') {
      if (p === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    } else if (!(p === ANY_RUN && last === ANY_RUN)) {
      out.push(p);
    }
  }
  return out;
}

export function hasWildcards(glob: Glob): boolean {
  return glob.some((p) => typeof p !== 'string');
}

export function globLiteral(glob: Glob): string {
  return glob.filter((p): p is string => typeof p === 'string').join('');
}

export function lowerGlob(glob: Glob): Glob {
  return glob.map((p) => (typeof p === 'string' ? foldCase(p) : p));
}

/** Writes a glob back in Sigma syntax (for evidence and messages). */
export function globToSigma(glob: Glob): string {
  return glob
    .map((p) => (p === ANY_RUN ? '*' : p === ANY_ONE ? '?' : p.replace(/[*?\\]/g, '\\$&')))
    .join('');
}

/**
 * The shape a glob reduces to. Most rule values are one of the first five, which compile to a
 * single native string operation; only the rest need the general matcher.
 */
export type GlobShape =
  | { kind: 'exact'; text: string }
  | { kind: 'prefix'; text: string }
  | { kind: 'suffix'; text: string }
  | { kind: 'contains'; text: string }
  | { kind: 'any' }
  | { kind: 'general'; glob: Glob };

export function classifyGlob(glob: Glob): GlobShape {
  const [a, b, c] = glob;
  if (glob.length === 0) return { kind: 'exact', text: '' };
  if (glob.length === 1) {
    if (typeof a === 'string') return { kind: 'exact', text: a };
    if (a === ANY_RUN) return { kind: 'any' };
  }
  if (glob.length === 2) {
    if (typeof a === 'string' && b === ANY_RUN) return { kind: 'prefix', text: a };
    if (a === ANY_RUN && typeof b === 'string') return { kind: 'suffix', text: b };
  }
  if (glob.length === 3 && a === ANY_RUN && typeof b === 'string' && c === ANY_RUN) {
    return { kind: 'contains', text: b };
  }
  return { kind: 'general', glob };
}

/** One fixed-length piece between `*`s: literal code units, or -1 for `?`. */
type Segment = { units: string; hasAnyOne: boolean; anyOneAt: boolean[] };

/**
 * Compiles a general glob into a matcher that runs in O(subject × pattern) at worst: the
 * pieces between `*`s have fixed length, so matching each at its leftmost possible place is
 * correct and needs no backtracking.
 */
export function compileGeneralGlob(glob: Glob): (subject: string) => boolean {
  const segments: Segment[][] = [[]];
  for (const p of glob) {
    if (p === ANY_RUN) segments.push([]);
    else segments[segments.length - 1]!.push(toSegment(p));
  }
  const pieces = segments.map(joinSegments);
  const startsOpen = glob[0] === ANY_RUN;
  const endsOpen = glob[glob.length - 1] === ANY_RUN;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);

  if (pieces.length === 1) {
    return (s) => s.length === first.units.length && matchesAt(first, s, 0);
  }
  return (s) => {
    const head = startsOpen ? 0 : first.units.length;
    if (!startsOpen && !matchesAt(first, s, 0)) return false;
    const tailStart = s.length - last.units.length;
    if (tailStart < head) return false;
    let pos = head;
    for (const piece of middle) {
      const found = findFrom(piece, s, pos, tailStart);
      if (found < 0) return false;
      pos = found + piece.units.length;
    }
    if (endsOpen) return pos <= s.length;
    return pos <= tailStart && matchesAt(last, s, tailStart);
  };
}

function toSegment(p: string | typeof ANY_ONE): Segment {
  if (p === ANY_ONE) return { units: '?', hasAnyOne: true, anyOneAt: [true] };
  return { units: p, hasAnyOne: false, anyOneAt: new Array<boolean>(p.length).fill(false) };
}

function joinSegments(parts: Segment[]): Segment {
  return {
    units: parts.map((p) => p.units).join(''),
    hasAnyOne: parts.some((p) => p.hasAnyOne),
    anyOneAt: parts.flatMap((p) => p.anyOneAt),
  };
}

function matchesAt(seg: Segment, s: string, at: number): boolean {
  if (at + seg.units.length > s.length) return false;
  if (!seg.hasAnyOne) return s.startsWith(seg.units, at);
  for (let k = 0; k < seg.units.length; k++) {
    if (!seg.anyOneAt[k] && s.charCodeAt(at + k) !== seg.units.charCodeAt(k)) return false;
  }
  return true;
}

/** Leftmost position >= from where seg matches and ends by `limit`, or -1. */
function findFrom(seg: Segment, s: string, from: number, limit: number): number {
  const lastStart = limit - seg.units.length;
  if (!seg.hasAnyOne) {
    const i = s.indexOf(seg.units, from);
    return i >= 0 && i <= lastStart ? i : -1;
  }
  for (let i = from; i <= lastStart; i++) if (matchesAt(seg, s, i)) return i;
  return -1;
}
