import { cidrContains } from '../modifiers/cidr.js';
import type { EvalContext, FieldRegistry, FieldSlot } from './context.js';
import { leafText } from './context.js';
import { FieldPath } from './field-path.js';
import { lowerGlob, type Glob } from './glob.js';
import type { Alternative, LoweredItem, LoweredValue } from './lower.js';
import { constraintOf, requirementOn, type Requirement } from './requirement.js';
import { StringGroup } from './string-group.js';
import { AffixTrie, SubstringAutomaton } from './string-index.js';

/** What matched, for evidence: the leaf (or null when matched by absence) and the value. */
export interface ItemHit {
  leaf: unknown;
  absent: boolean;
  value: LoweredValue;
}

export interface CompiledItem {
  readonly field: string | null;
  /** Rough cost rank, used to evaluate cheap checks first inside an AND. */
  readonly cost: number;
  /** A necessary condition on the item's field, for the candidate-rule index. */
  readonly requirement: Requirement | null;
  test(ctx: EvalContext): boolean;
  explain(ctx: EvalContext): ItemHit[] | null;
}

const NUMERIC_TEXT = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function numericValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMERIC_TEXT.test(v)) return Number(v);
  return undefined;
}

/**
 * The ORed alternatives of one or more rule values over one field, compiled so that a leaf is
 * checked against all string patterns in one pass.
 */
class AlternativeSet {
  readonly #values: LoweredValue[];
  /** Alternative id -> index into #values. */
  readonly #valueOf: number[] = [];
  readonly #group: StringGroup | null;
  readonly #cased: boolean;
  readonly #regexes: { re: Alternative & { kind: 'regex' }; value: number }[] = [];
  readonly #numbers = new Map<number, number>();
  readonly #booleans = new Map<boolean, number>();
  readonly #others: { alt: Alternative; value: number }[] = [];
  #nullValue = -1;
  #existsValue = -1;
  #existsWanted = true;
  readonly #fieldrefs: { alt: Alternative & { kind: 'fieldref' }; slot: number; value: number }[] =
    [];
  /** Set by find(): what matched. */
  hit: ItemHit | null = null;

  constructor(values: LoweredValue[], cased: boolean, registry: FieldRegistry) {
    this.#values = values;
    this.#cased = cased;
    const globs: { glob: Glob; id: number }[] = [];
    values.forEach((v, vi) => {
      for (const alt of v.alternatives) {
        const id = this.#valueOf.length;
        this.#valueOf.push(vi);
        switch (alt.kind) {
          case 'glob':
            globs.push({ glob: cased ? alt.glob : lowerGlob(alt.glob), id });
            break;
          case 'regex':
            this.#regexes.push({ re: alt, value: vi });
            break;
          case 'number':
            if (!this.#numbers.has(alt.value)) this.#numbers.set(alt.value, vi);
            break;
          case 'boolean':
            if (!this.#booleans.has(alt.value)) this.#booleans.set(alt.value, vi);
            break;
          case 'null':
            this.#nullValue = vi;
            break;
          case 'exists':
            this.#existsValue = vi;
            this.#existsWanted = alt.value;
            break;
          case 'fieldref':
            this.#fieldrefs.push({ alt, slot: registry.idOf(new FieldPath(alt.field)), value: vi });
            break;
          default:
            this.#others.push({ alt, value: vi });
        }
      }
    });
    this.#group = globs.length > 0 ? new StringGroup(globs) : null;
  }

  find(slot: FieldSlot, ctx: EvalContext, explain: boolean): boolean {
    const values = slot.values;
    const n = slot.count;
    if (this.#existsValue >= 0) {
      const present = n > 0;
      if (present !== this.#existsWanted) return false;
      if (explain)
        this.hit = { leaf: values[0], absent: !present, value: this.#values[this.#existsValue]! };
      return true;
    }
    if (this.#nullValue >= 0 && (slot.missing || n === 0 || slot.hasNullLeaf())) {
      if (explain) this.hit = { leaf: null, absent: true, value: this.#values[this.#nullValue]! };
      return true;
    }
    if (n === 0) return false;
    if (this.#group) {
      const subjects = this.#cased ? slot.texts() : slot.lowers();
      for (let i = 0; i < n; i++) {
        const s = subjects[i];
        if (s === undefined) continue;
        const id = this.#group.find(s);
        if (id >= 0) {
          if (explain)
            this.hit = { leaf: values[i], absent: false, value: this.#values[this.#valueOf[id]!]! };
          return true;
        }
      }
    }
    if (this.#numbers.size > 0 || this.#booleans.size > 0) {
      for (let i = 0; i < n; i++) {
        const vi = this.#typedMatch(values[i]);
        if (vi >= 0) {
          if (explain) this.hit = { leaf: values[i], absent: false, value: this.#values[vi]! };
          return true;
        }
      }
    }
    if (this.#regexes.length > 0) {
      const texts = slot.texts();
      for (let i = 0; i < n; i++) {
        const t = texts[i];
        if (t === undefined) continue;
        for (const r of this.#regexes) {
          if (r.re.regex.test(t)) {
            if (explain)
              this.hit = { leaf: values[i], absent: false, value: this.#values[r.value]! };
            return true;
          }
        }
      }
    }
    for (const o of this.#others) {
      for (let i = 0; i < n; i++) {
        if (matchOther(o.alt, values[i])) {
          if (explain) this.hit = { leaf: values[i], absent: false, value: this.#values[o.value]! };
          return true;
        }
      }
    }
    for (const f of this.#fieldrefs) {
      const other = ctx.slot(f.slot);
      const leaf = matchFieldref(f.alt, slot, other, this.#cased);
      if (leaf !== NO_LEAF) {
        if (explain) this.hit = { leaf, absent: false, value: this.#values[f.value]! };
        return true;
      }
    }
    return false;
  }

  #typedMatch(leaf: unknown): number {
    if (typeof leaf === 'boolean') return this.#booleans.get(leaf) ?? -1;
    if (typeof leaf === 'string') {
      const lower = leaf.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        const vi = this.#booleans.get(lower === 'true');
        if (vi !== undefined) return vi;
      }
    }
    if (this.#numbers.size === 0) return -1;
    const n = numericValue(leaf);
    return n === undefined ? -1 : (this.#numbers.get(n) ?? -1);
  }
}

function matchOther(alt: Alternative, leaf: unknown): boolean {
  switch (alt.kind) {
    case 'compare': {
      const n = numericValue(leaf);
      if (n === undefined) return false;
      switch (alt.op) {
        case 'gt':
          return n > alt.value;
        case 'gte':
          return n >= alt.value;
        case 'lt':
          return n < alt.value;
        case 'lte':
          return n <= alt.value;
      }
      return false;
    }
    case 'cidr':
      return typeof leaf === 'string' && cidrContains(alt.net, leaf);
    default:
      return false;
  }
}

const NO_LEAF = Symbol('no leaf');

/**
 * Returns the leaf of `slot` that relates to some leaf of `other` as the fieldref asks. Both
 * sides come from the event, so the other side's values are indexed (a set, a trie or an
 * automaton) instead of comparing every pair: the cost stays linear in the event's size.
 */
function matchFieldref(
  alt: Alternative & { kind: 'fieldref' },
  slot: FieldSlot,
  other: FieldSlot,
  cased: boolean,
): unknown {
  const mine = cased ? slot.texts() : slot.lowers();
  const theirs = cased ? other.texts() : other.lowers();
  const find = fieldrefFinder(alt.position, theirs, other.count);
  if (!find) return NO_LEAF;
  for (let i = 0; i < slot.count; i++) {
    const a = mine[i];
    if (a !== undefined && find(a)) return slot.values[i];
  }
  return NO_LEAF;
}

function fieldrefFinder(
  position: 'exact' | 'prefix' | 'suffix' | 'contains',
  texts: (string | undefined)[],
  count: number,
): ((s: string) => boolean) | null {
  const values: string[] = [];
  for (let j = 0; j < count; j++) {
    const t = texts[j];
    if (t !== undefined) values.push(t);
  }
  if (values.length === 0) return null;
  if (position === 'exact') {
    const set = new Set(values);
    return (s) => set.has(s);
  }
  if (position === 'contains') {
    const automaton = new SubstringAutomaton();
    values.forEach((v, id) => automaton.add(v, id));
    automaton.build();
    return (s) => automaton.find(s) >= 0;
  }
  const trie = new AffixTrie(position === 'suffix');
  values.forEach((v, id) => trie.add(v, id));
  return (s) => trie.find(s) >= 0;
}

const COST: Record<Alternative['kind'], number> = {
  exists: 0,
  null: 0,
  boolean: 1,
  number: 1,
  glob: 2,
  compare: 2,
  fieldref: 4,
  cidr: 4,
  regex: 6,
};

export function compileItem(item: LoweredItem, registry: FieldRegistry): CompiledItem {
  const pathId = registry.idOf(item.field === null ? null : new FieldPath(item.field));
  const sets = item.all
    ? item.values.map((v) => new AlternativeSet([v], item.cased, registry))
    : [new AlternativeSet(item.values, item.cased, registry)];
  // Deeper paths cost more to resolve; keywords walk the whole event.
  const depth = item.field === null ? 20 : item.field.split('.').length;
  let kindCost = 0;
  for (const v of item.values)
    for (const a of v.alternatives) kindCost = Math.max(kindCost, COST[a.kind]);
  const cost = depth + kindCost;
  const negate = item.negate;
  const single = sets.length === 1 ? sets[0]! : null;
  const constraint = !negate && single ? constraintOf(item.values) : null;

  const test = single
    ? (ctx: EvalContext): boolean => single.find(ctx.slot(pathId), ctx, false) !== negate
    : (ctx: EvalContext): boolean => {
        const slot = ctx.slot(pathId);
        for (const s of sets) if (!s.find(slot, ctx, false)) return negate;
        return !negate;
      };

  return {
    field: item.field,
    cost,
    requirement: constraint ? requirementOn(pathId, constraint) : null,
    test,
    explain(ctx) {
      if (!test(ctx)) return null;
      const slot = ctx.slot(pathId);
      if (negate) {
        // A negated item matched because nothing matched: the evidence is the field's values.
        const shown = slot.count > 0 ? slot.values[0] : null;
        return [{ leaf: shown, absent: slot.count === 0, value: item.values[0]! }];
      }
      const hits: ItemHit[] = [];
      for (const s of sets) {
        s.hit = null;
        if (s.find(slot, ctx, true) && s.hit) hits.push(s.hit);
      }
      return hits;
    },
  };
}

/** Text of a leaf for evidence. Objects come from the event: their JSON may be too deep. */
export function evidenceText(hit: ItemHit): string {
  if (hit.absent) return '(absent)';
  const t = leafText(hit.leaf);
  if (t !== undefined) return t;
  if (hit.leaf === null) return 'null';
  try {
    return JSON.stringify(hit.leaf) ?? '';
  } catch {
    return Array.isArray(hit.leaf) ? '[…]' : '{…}';
  }
}
