import type { Operand, Predicate } from './closures.js';
import type { Locate } from './evidence.js';
import type { ValueSlot } from './slot.js';

/** Index of the pattern that matched value i of the slot, or -1. */
export type LeafTest = (slot: ValueSlot, i: number) => number;

/**
 * A condition on the values of an operand: true when any value passes (Elasticsearch term
 * semantics for multi-valued fields). A plain field never yields unknown: Elasticsearch runs
 * it as a Lucene query, where a missing field simply does not match. A computed operand with
 * no value (a function of a missing field) is unknown.
 */
export function anyValue(
  operand: Operand,
  test: LeafTest,
  condition: string,
  locates: readonly (Locate | null)[] = [],
): Predicate {
  const field = operand.evidenceField;
  const twoValued = operand.field !== null;
  return (ctx, ev) => {
    const slot = operand.get(ctx);
    const values = slot.values;
    let sawValue = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      sawValue = true;
      const hit = test(slot, i);
      if (hit < 0) continue;
      if (ev) {
        const value = slot.text(i) ?? JSON.stringify(v);
        ev.push({ field, condition, value, locate: locates[hit] ?? null });
      }
      return true;
    }
    return twoValued || sawValue ? false : null;
  };
}

/** `not`: evidence of a negated condition would be misleading, so none is collected. */
export function negate(p: Predicate): Predicate {
  return (ctx) => {
    const r = p(ctx, null);
    return r === null ? null : !r;
  };
}

export const constant =
  (value: boolean | null): Predicate =>
  () =>
    value;
