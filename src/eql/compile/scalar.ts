import { num } from '../functions/values.js';

/**
 * Equality of a document value with a constant, as a Lucene term query on the field would
 * decide it: a numeric field parses the query text ("200" finds 200) and a keyword field holds
 * numbers and booleans as their text (200 finds "200"). Elasticsearch's verifier rejects such
 * mixed comparisons when it knows the mapping; documents here carry no mapping, so the
 * comparison is decided by the value, never by a guessed type. Objects never compare.
 */
export function scalarEquals(v: unknown, k: unknown): boolean {
  if (typeof k === 'string') {
    if (typeof v === 'string') return v === k;
    // A numeric value is a numeric field, which parses the query text ("1e2" finds 100).
    if (typeof v === 'number') return num(k) === v;
    return typeof v === 'boolean' && String(v) === k;
  }
  if (typeof k === 'number') {
    if (typeof v === 'number') return v === k;
    return typeof v === 'string' && num(v) === k;
  }
  if (typeof k === 'boolean') {
    if (typeof v === 'boolean') return v === k;
    return typeof v === 'string' && v === String(k);
  }
  return false;
}

/** Ordering for `<`, `<=`, `>`, `>=`; null when the two cannot be ordered. */
export function scalarOrder(v: unknown, k: unknown): number | null {
  if (typeof k === 'number') {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? num(v) : null;
    return n === null ? null : Math.sign(n - k);
  }
  if (typeof k === 'string') {
    // A numeric value is a numeric field: its range query parses the text, and a text that is
    // not a number orders nothing.
    if (typeof v === 'number') {
      const n = num(k);
      return n === null ? null : Math.sign(v - n);
    }
    // Keyword ranges compare text; Lucene orders by UTF-8 bytes, which only differs from
    // UTF-16 order for characters above U+FFFF against U+E000–U+FFFF.
    if (typeof v !== 'string') return null;
    return v < k ? -1 : v > k ? 1 : 0;
  }
  if (typeof k === 'boolean' && typeof v === 'boolean') return Number(v) - Number(k);
  return null;
}
