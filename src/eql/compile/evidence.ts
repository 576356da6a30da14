import type { EqlEvidence } from '../types.js';

export const MAX_EVIDENCE_VALUE = 256;

/** Where in a value the condition matched; computed only once the whole query matched. */
export type Locate = (value: string) => { start: number; end: number } | null;

/** Evidence noted while evaluating; excerpts are made only for documents that match. */
export interface PendingEvidence {
  field: string;
  condition: string;
  value: string;
  locate: Locate | null;
}

export type EvidenceSink = PendingEvidence[];

export function materialize(pending: readonly PendingEvidence[]): EqlEvidence[] {
  return pending.map((p) => ({
    field: p.field,
    condition: p.condition,
    value: excerpt(p.value, p.locate),
  }));
}

/**
 * A value short enough to show: whole when it fits, otherwise a window of at most 256
 * characters around the matched part (ellipses included in the count).
 */
export function excerpt(value: string, locate: Locate | null): string {
  if (value.length <= MAX_EVIDENCE_VALUE) return value;
  const span = locate?.(value) ?? { start: 0, end: 0 };
  const room = MAX_EVIDENCE_VALUE - 2;
  const matchLength = Math.min(span.end - span.start, room);
  let from = Math.max(0, span.start - Math.floor((room - matchLength) / 2));
  from = Math.min(from, Math.max(0, value.length - room));
  const to = Math.min(value.length, from + room);
  return `${from > 0 ? '…' : ''}${value.slice(from, to)}${to < value.length ? '…' : ''}`;
}

/** Finds a literal (already case-folded when `fold` is given) for excerpts of long values. */
export function locateLiteral(literal: string, fold?: (s: string) => string): Locate | null {
  if (literal === '') return null;
  return (value) => {
    const at = (fold ? fold(value) : value).indexOf(literal);
    return at < 0 ? null : { start: at, end: at + literal.length };
  };
}
