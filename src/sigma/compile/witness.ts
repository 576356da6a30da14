import { foldCase } from './fold-case.js';
import { ANY_ONE, ANY_RUN } from './glob.js';
import type { LoweredItem } from './lower.js';

/**
 * A necessary condition for a rule to match, in AND/OR form over the fields it reads: what a
 * consumer outside the engine (the raw-byte prefilter) can turn into its own test. Unlike the
 * candidate index's Requirement it is never truncated, so it stays exact enough to translate.
 *
 * `field` with `literals` says the field has a value whose text contains one of them (folded
 * unless `cased`); with `literals: null` only that the field has some value. `any` is no
 * condition (a negation, a keyword search, a match on absence); `none` can never hold.
 */
export type Witness =
  | { kind: 'any' }
  | { kind: 'none' }
  | { kind: 'field'; field: string; literals: readonly string[] | null; cased: boolean }
  | { kind: 'and' | 'or'; of: readonly Witness[] };

export const ANY: Witness = Object.freeze({ kind: 'any' });
export const NONE: Witness = Object.freeze({ kind: 'none' });

export function allWitness(children: readonly Witness[]): Witness {
  const kept: Witness[] = [];
  for (const c of children) {
    if (c.kind === 'none') return NONE;
    if (c.kind !== 'any') kept.push(c);
  }
  if (kept.length === 0) return ANY;
  return kept.length === 1 ? kept[0]! : { kind: 'and', of: kept };
}

export function anyWitness(children: readonly Witness[]): Witness {
  const kept: Witness[] = [];
  for (const c of children) {
    if (c.kind === 'any') return ANY;
    if (c.kind !== 'none') kept.push(c);
  }
  if (kept.length === 0) return NONE;
  return kept.length === 1 ? kept[0]! : { kind: 'or', of: kept };
}

/** What a field item needs of the event, before any knowledge of how fields are produced. */
export function itemWitness(item: LoweredItem): Witness {
  // A negated item and a keyword search (which also reads derived fields) say nothing usable.
  if (item.negate || item.field === null) return ANY;
  const field = item.field;
  const valueWitness = (values: LoweredItem['values']): Witness => {
    const literals: string[] = [];
    let presenceOnly = false;
    for (const v of values) {
      for (const alt of v.alternatives) {
        // Matching on absence holds for events without the field: no condition at all.
        if (alt.kind === 'null' || (alt.kind === 'exists' && !alt.value)) return ANY;
        if (alt.kind !== 'glob') {
          presenceOnly = true;
          continue;
        }
        let longest = '';
        for (const p of alt.glob)
          if (p !== ANY_RUN && p !== ANY_ONE && p.length > longest.length) longest = p;
        if (longest === '') presenceOnly = true;
        else literals.push(item.cased ? longest : foldCase(longest));
      }
    }
    return {
      kind: 'field',
      field,
      literals: presenceOnly ? null : [...new Set(literals)],
      cased: item.cased,
    };
  };
  return item.all
    ? allWitness(item.values.map((v) => valueWitness([v])))
    : valueWitness(item.values);
}
