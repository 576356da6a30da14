import type { Network } from '../modifiers/cidr.js';
import { foldCase } from './fold-case.js';
import { ANY_ONE, ANY_RUN } from './glob.js';
import type { LoweredItem } from './lower.js';

/**
 * A necessary condition for a rule to match, in AND/OR form over the fields it reads: what a
 * consumer outside the engine (the raw-byte prefilter) can turn into its own test. Unlike the
 * candidate index's Requirement it is never truncated, so it stays exact enough to translate.
 *
 * `field` with `literals` says the field has a value whose text contains one of them (folded
 * unless `cased`); with `literals: null` only that the field has some value; `orAbsent` adds
 * "or the field is missing, null or empty" (a `null` value in the rule). `outside` says
 * no value of the field is an address in `networks` (it holds when the field is absent): what a
 * negated CIDR filter leaves. `any` is no condition (other negations, a keyword search, a match
 * on absence); `none` can never hold.
 */
export type Witness =
  | { kind: 'any' }
  | { kind: 'none' }
  | {
      kind: 'field';
      field: string;
      literals: readonly string[] | null;
      cased: boolean;
      /** The condition also holds when the field is missing, null or an empty list. */
      orAbsent?: true;
    }
  | { kind: 'outside'; field: string; networks: readonly Network[] }
  | { kind: 'and' | 'or'; of: readonly Witness[] };

/**
 * A sufficient condition for a node to match, kept only for the shapes whose negation a
 * consumer can still test: `inside` means some value of the field is an address in one of the
 * networks, exactly what a CIDR item matches. `not` turns it into an `outside` witness.
 */
export type Proof =
  | { kind: 'inside'; field: string; networks: readonly Network[] }
  | { kind: 'and' | 'or'; of: readonly Proof[] };

export const ANY: Witness = Object.freeze({ kind: 'any' });
export const NONE: Witness = Object.freeze({ kind: 'none' });

export function allWitness(children: readonly Witness[]): Witness {
  const kept: Witness[] = [];
  for (const c of children) {
    if (c.kind === 'none') return NONE;
    if (c.kind === 'and') kept.push(...c.of);
    else if (c.kind !== 'any') kept.push(c);
  }
  if (kept.length === 0) return ANY;
  return kept.length === 1 ? kept[0]! : { kind: 'and', of: kept };
}

export function anyWitness(children: readonly Witness[]): Witness {
  const kept: Witness[] = [];
  for (const c of children) {
    if (c.kind === 'any') return ANY;
    if (c.kind === 'or') kept.push(...c.of);
    else if (c.kind !== 'none') kept.push(c);
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
    let absent = false;
    for (const v of values) {
      for (const alt of v.alternatives) {
        // Matching on absence holds for events without the field, which no text search sees.
        if (alt.kind === 'null' || (alt.kind === 'exists' && !alt.value)) {
          absent = true;
          continue;
        }
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
    const witness: Witness = {
      kind: 'field',
      field,
      literals: presenceOnly ? null : [...new Set(literals)],
      cased: item.cased,
    };
    return absent ? { ...witness, orAbsent: true } : witness;
  };
  return item.all
    ? allWitness(item.values.map((v) => valueWitness([v])))
    : valueWitness(item.values);
}

/** A CIDR item proves its own match; every other item proves nothing usable. */
export function itemProof(item: LoweredItem): Proof | null {
  if (item.negate || item.field === null || item.values.length === 0) return null;
  const networks: Network[] = [];
  for (const v of item.values)
    for (const alt of v.alternatives) {
      if (alt.kind !== 'cidr') return null;
      networks.push(alt.net);
    }
  const field = item.field;
  // `all`: each value must match on its own.
  if (item.all)
    return {
      kind: 'and',
      of: item.values.map((v) => ({
        kind: 'inside',
        field,
        networks: v.alternatives.map((a) => (a as { net: Network }).net),
      })),
    };
  return { kind: 'inside', field, networks };
}

/** An AND is proven only when every part is; dropping an unproven part would claim too much. */
export function allProof(children: readonly (Proof | null)[]): Proof | null {
  if (children.some((c) => c === null)) return null;
  return children.length === 1 ? children[0]! : { kind: 'and', of: children as Proof[] };
}

/** An OR is proven by any proven part; unproven parts only make the proof weaker, not wrong. */
export function anyProof(children: readonly (Proof | null)[]): Proof | null {
  const kept = children.filter((c): c is Proof => c !== null);
  if (kept.length === 0) return null;
  return kept.length === 1 ? kept[0]! : { kind: 'or', of: kept };
}

/** The witness of `not X` from a proof of X: whatever proves X must not hold. */
export function negatedWitness(proof: Proof | null): Witness {
  if (proof === null) return ANY;
  switch (proof.kind) {
    case 'inside':
      return { kind: 'outside', field: proof.field, networks: proof.networks };
    case 'and':
      return anyWitness(proof.of.map(negatedWitness));
    case 'or':
      return allWitness(proof.of.map(negatedWitness));
  }
}
