import type { EvalContext } from './compile/context.js';
import type { Constraint, Requirement } from './compile/requirement.js';
import { SubstringAutomaton } from './compile/string-index.js';

/** More exact constraints per rule cost a field resolution each per event; a few suffice. */
const MAX_EXACT_CONSTRAINTS = 2;

/**
 * Decides, per event, which rules can possibly match, from necessary conditions derived from
 * the rules (see requirement.ts): a rule whose condition pins `verb` to {create, patch} and
 * `objectRef.resource` to {cronjobs} is evaluated only for events where both hold. Exact
 * constraints are hash look-ups; substring constraints on one field share one automaton pass.
 * A rule is a candidate when every one of its indexed constraints was hit (a bitmask per rule).
 * Rules with no usable constraint are always evaluated.
 */
export class CandidateIndex {
  readonly #always: Uint8Array;
  readonly #need: Int32Array;
  readonly #hits: Int32Array;
  readonly #stamp: Int32Array;
  #gen = 0;
  /** Entries are `rule << 5 | constraintBit`. */
  readonly #exact: { pathId: number; byText: Map<string, number[]> }[] = [];
  readonly #substring: { pathId: number; automaton: SubstringAutomaton; entriesOf: number[][] }[] =
    [];

  constructor(requirements: readonly (Requirement | null)[]) {
    const n = requirements.length;
    this.#always = new Uint8Array(n).fill(1);
    this.#need = new Int32Array(n);
    this.#hits = new Int32Array(n);
    this.#stamp = new Int32Array(n);
    const popularity = countPaths(requirements);
    const exact = new Map<number, Map<string, number[]>>();
    const substring = new Map<number, Map<string, number[]>>();
    requirements.forEach((req, rule) => {
      const chosen = chooseConstraints(req, popularity);
      chosen.forEach(([pathId, c], bit) => {
        const target = c.kind === 'exact' ? exact : substring;
        let byText = target.get(pathId);
        if (!byText) target.set(pathId, (byText = new Map()));
        for (const t of c.texts) {
          const list = byText.get(t);
          if (list) list.push((rule << 5) | bit);
          else byText.set(t, [(rule << 5) | bit]);
        }
        this.#need[rule] = this.#need[rule]! | (1 << bit);
      });
      if (chosen.length > 0) this.#always[rule] = 0;
    });
    for (const [pathId, byText] of exact) this.#exact.push({ pathId, byText });
    for (const [pathId, byText] of substring) {
      const automaton = new SubstringAutomaton();
      const entriesOf: number[][] = [];
      for (const [text, entries] of byText) {
        automaton.add(text, entriesOf.length);
        entriesOf.push(entries);
      }
      this.#substring.push({ pathId, automaton: automaton.build(), entriesOf });
    }
  }

  /** Records which constraints the event in `ctx` satisfies. Call once per event. */
  mark(ctx: EvalContext): void {
    if (++this.#gen === 0x7fffffff) {
      this.#stamp.fill(0);
      this.#gen = 1;
    }
    for (const { pathId, byText } of this.#exact) {
      const slot = ctx.slot(pathId);
      const lowers = slot.lowers();
      for (let k = 0; k < slot.count; k++) {
        const t = lowers[k];
        if (t === undefined) continue;
        const entries = byText.get(t);
        if (entries) for (let e = 0; e < entries.length; e++) this.#hit(entries[e]!);
      }
    }
    for (const { pathId, automaton, entriesOf } of this.#substring) {
      const slot = ctx.slot(pathId);
      const lowers = slot.lowers();
      this.#entriesOf = entriesOf;
      for (let k = 0; k < slot.count; k++) {
        const t = lowers[k];
        if (t !== undefined) automaton.findAll(t, this.#onPattern);
      }
    }
  }

  isCandidate(rule: number): boolean {
    return (
      this.#always[rule] === 1 ||
      (this.#stamp[rule] === this.#gen && this.#hits[rule] === this.#need[rule])
    );
  }

  #hit(entry: number): void {
    const rule = entry >>> 5;
    if (this.#stamp[rule] !== this.#gen) {
      this.#stamp[rule] = this.#gen;
      this.#hits[rule] = 0;
    }
    this.#hits[rule]! |= 1 << (entry & 31);
  }

  #entriesOf: number[][] = [];
  /** Bound once so the automaton callback allocates nothing per event. */
  readonly #onPattern = (id: number): void => {
    const entries = this.#entriesOf[id]!;
    for (let e = 0; e < entries.length; e++) this.#hit(entries[e]!);
  };
}

/** How many rules constrain each (kind, path): a path many rules share is resolved anyway. */
function countPaths(requirements: readonly (Requirement | null)[]): Map<string, number> {
  const popularity = new Map<string, number>();
  for (const req of requirements) {
    for (const [pathId, c] of req ?? []) {
      const key = `${c.kind}:${pathId}`;
      popularity.set(key, (popularity.get(key) ?? 0) + 1);
    }
  }
  return popularity;
}

/**
 * Exact constraints on the paths most rules share (each extra path costs a resolution per
 * event, a shared one only a hash look-up), fewest texts first among equals; or else the
 * substring constraint on the most shared path (one automaton pass serves all its rules).
 */
function chooseConstraints(
  req: Requirement | null,
  popularity: Map<string, number>,
): [number, Constraint][] {
  if (!req) return [];
  const shared = ([pathId, c]: [number, Constraint]): number =>
    popularity.get(`${c.kind}:${pathId}`)!;
  const entries = [...req].sort(
    (a, b) => shared(b) - shared(a) || a[1].texts.size - b[1].texts.size,
  );
  const exact = entries.filter(([, c]) => c.kind === 'exact').slice(0, MAX_EXACT_CONSTRAINTS);
  return exact.length > 0 ? exact : entries.slice(0, 1);
}
