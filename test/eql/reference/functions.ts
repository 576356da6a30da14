/**
 * Reference EQL functions, one plain definition each (docs/eql.md lists them; the details follow
 * the Elasticsearch EQL function reference). A function sees one value per argument, null when
 * absent, and returns null for "unknown".
 */
import { BlockList, isIP } from 'node:net';
import { fold, numberOf, textOf, wildcardMatch } from './values.js';

export interface RefFunction {
  /** Elasticsearch answers these with a Lucene query on a field: missing means false. */
  fieldQuery: boolean;
  /** `ci`: the `~` form; `literalDecimal`: some argument is a decimal literal such as `2.0`. */
  apply(args: unknown[], ci: boolean, literalDecimal: boolean): unknown;
}

const maybeFold = (s: string, ci: boolean): string => (ci ? fold(s) : s);

function stringTest(test: (value: string, wanted: string) => boolean): RefFunction {
  return {
    fieldQuery: true,
    apply([source, other], ci) {
      const s = textOf(source);
      const o = textOf(other);
      if (s === null || o === null) return null;
      return test(maybeFold(s, ci), maybeFold(o, ci));
    },
  };
}

/** Integers stay integers (Java long arithmetic) unless a decimal literal is involved. */
function arithmetic(op: (a: number, b: number, integers: boolean) => number | null): RefFunction {
  return {
    fieldQuery: false,
    apply([x, y], _ci, literalDecimal) {
      const a = numberOf(x);
      const b = numberOf(y);
      if (a === null || b === null) return null;
      const r = op(a, b, !literalDecimal && Number.isInteger(a) && Number.isInteger(b));
      return r === null || !Number.isFinite(r) ? null : r;
    },
  };
}

/** Python-style slice offsets: negative counts from the end, out of range clamps. */
function offset(i: number, length: number): number {
  const t = Math.trunc(i);
  if (t < 0) return Math.max(0, length + t);
  return Math.min(t, length);
}

export const REF_FUNCTIONS: Record<string, RefFunction> = {
  startswith: stringTest((v, w) => v.startsWith(w)),
  endswith: stringTest((v, w) => v.endsWith(w)),
  stringcontains: stringTest((v, w) => v.includes(w)),
  wildcard: {
    fieldQuery: true,
    apply([source, ...patterns], ci) {
      const s = textOf(source);
      if (s === null) return null;
      return patterns.some((p) => wildcardMatch(maybeFold(p as string, ci), maybeFold(s, ci)));
    },
  },
  cidrmatch: {
    fieldQuery: true,
    apply([source, ...blocks]) {
      const s = textOf(source);
      if (s === null) return null;
      const kind = isIP(s);
      if (kind === 0) return false;
      const list = new BlockList();
      for (const b of blocks as string[]) {
        const [net, bits] = b.split('/');
        list.addSubnet(net!, Number(bits), isIP(net!) === 4 ? 'ipv4' : 'ipv6');
      }
      return list.check(s, kind === 4 ? 'ipv4' : 'ipv6');
    },
  },
  length: {
    fieldQuery: false,
    apply: ([source]) => textOf(source)?.length ?? null,
  },
  concat: {
    fieldQuery: false,
    apply(values) {
      const parts = values.map(textOf);
      return parts.some((p) => p === null) ? null : parts.join('');
    },
  },
  substring: {
    fieldQuery: false,
    apply([source, start, end]) {
      const s = textOf(source);
      const a = numberOf(start);
      const b = end === null || end === undefined ? s?.length : numberOf(end);
      if (s === null || a === null || b === null || b === undefined) return null;
      const from = offset(a, s.length);
      const to = offset(b, s.length);
      return to <= from ? '' : s.slice(from, to);
    },
  },
  indexof: {
    fieldQuery: false,
    apply([source, sub, start], ci) {
      const s = textOf(source);
      const n = textOf(sub);
      const from = start === null || start === undefined ? 0 : numberOf(start);
      if (s === null || n === null || from === null) return null;
      const hay = maybeFold(s, ci);
      const needle = maybeFold(n, ci);
      // As Java's String.indexOf: an empty needle is found at the start, clamped to the end.
      if (needle === '') return Math.min(Math.max(0, Math.trunc(from)), hay.length);
      for (let i = Math.max(0, Math.trunc(from)); i <= hay.length - needle.length; i++) {
        if (hay.startsWith(needle, i)) return i;
      }
      return null;
    },
  },
  between: {
    fieldQuery: false,
    apply([source, left, right, greedy], ci) {
      const s = textOf(source);
      const l = textOf(left);
      const r = textOf(right);
      if (s === null || l === null || r === null) return null;
      const hay = maybeFold(s, ci);
      const at = hay.indexOf(maybeFold(l, ci));
      if (at < 0) return '';
      const start = at + l.length;
      // The first (greedy: the last) `right` that starts at or after the end of `left`.
      const candidates: number[] = [];
      for (let i = start; i + r.length <= hay.length; i++) {
        if (hay.startsWith(maybeFold(r, ci), i)) candidates.push(i);
      }
      if (candidates.length === 0) return '';
      return s.slice(start, greedy === true ? candidates.at(-1) : candidates[0]);
    },
  },
  string: { fieldQuery: false, apply: ([v]) => textOf(v) },
  add: arithmetic((a, b) => a + b),
  subtract: arithmetic((a, b) => a - b),
  multiply: arithmetic((a, b) => a * b),
  divide: arithmetic((a, b, ints) => (b === 0 ? null : ints ? Math.trunc(a / b) : a / b)),
  modulo: arithmetic((a, b) => (b === 0 ? null : a % b)),
};
