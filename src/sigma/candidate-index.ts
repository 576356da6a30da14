import type { EvalContext } from './compile/context.js';
import type { Disjunction, Requirement } from './compile/requirement.js';
import { SubstringAutomaton } from './compile/string-index.js';

/** Each exact disjunction costs a field resolution per event on its paths; a few suffice. */
const MAX_EXACT_CONJUNCTS = 2;

/**
 * Decides, per event, which rules can possibly match, from necessary conditions derived from
 * the rules (see compile/requirement.ts): a rule whose condition pins `verb` to {create, patch}
 * and `objectRef.resource` to {cronjobs} is evaluated only for events where both hold.
 *
 * Each chosen conjunct of a rule's requirement gets one bit; every alternative of that conjunct
 * (a path with exact texts or substrings) sets the same bit when the event satisfies it, and a
 * rule is a candidate once all its bits are set. Exact texts are hash look-ups; substrings on
 * one path share one automaton pass, run only while some rule using it is still viable. Rules
 * with no usable requirement are always evaluated.
 */
export class CandidateIndex {
  readonly #always: Uint8Array;
  readonly #need: Int32Array;
  /** Bits of each rule's all-exact conjuncts (checked before any substring pass). */
  readonly #exactMask: Int32Array;
  readonly #hits: Int32Array;
  readonly #stamp: Int32Array;
  #gen = 0;
  /** Entries are `rule << 5 | conjunctBit`. */
  readonly #exact: { pathId: number; byText: Map<string, number[]> }[] = [];
  readonly #substring: {
    pathId: number;
    automaton: SubstringAutomaton;
    entriesOf: number[][];
    /** Rules with a substring alternative on this path: no pass when none is still viable. */
    rules: number[];
  }[] = [];

  constructor(requirements: readonly (Requirement | null)[]) {
    const n = requirements.length;
    this.#always = new Uint8Array(n).fill(1);
    this.#need = new Int32Array(n);
    this.#exactMask = new Int32Array(n);
    this.#hits = new Int32Array(n);
    this.#stamp = new Int32Array(n);
    const popularity = countPaths(requirements);
    const exact = new Map<number, Map<string, number[]>>();
    const substring = new Map<number, Map<string, number[]>>();
    const substringRules = new Map<number, Set<number>>();
    requirements.forEach((req, rule) => {
      const chosen = chooseConjuncts(req, popularity);
      chosen.forEach((disjunction, bit) => {
        const entry = (rule << 5) | bit;
        let allExact = true;
        for (const [pathId, c] of disjunction) {
          const target = c.kind === 'exact' ? exact : substring;
          if (c.kind === 'substring') {
            allExact = false;
            if (!substringRules.has(pathId)) substringRules.set(pathId, new Set());
            substringRules.get(pathId)!.add(rule);
          }
          let byText = target.get(pathId);
          if (!byText) target.set(pathId, (byText = new Map()));
          for (const t of c.texts) {
            const list = byText.get(t);
            if (!list) byText.set(t, [entry]);
            else if (!list.includes(entry)) list.push(entry);
          }
        }
        this.#need[rule] = this.#need[rule]! | (1 << bit);
        if (allExact) this.#exactMask[rule] = this.#exactMask[rule]! | (1 << bit);
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
      const rules = [...(substringRules.get(pathId) ?? [])];
      this.#substring.push({ pathId, automaton: automaton.build(), entriesOf, rules });
    }
  }

  /** Records which conjuncts the event in `ctx` satisfies. Call once per event. */
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
    for (const { pathId, automaton, entriesOf, rules } of this.#substring) {
      // A substring path can be deep and long; resolve it only if a rule could still use it.
      if (!this.#anyViable(rules)) continue;
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

  #anyViable(rules: number[]): boolean {
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const mask = this.#exactMask[rule]!;
      if (mask === 0) return true;
      if (this.#stamp[rule] === this.#gen && (this.#hits[rule]! & mask) === mask) return true;
    }
    return false;
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
    for (const d of req ?? []) {
      for (const [pathId, c] of d) {
        const key = `${c.kind}:${pathId}`;
        popularity.set(key, (popularity.get(key) ?? 0) + 1);
      }
    }
  }
  return popularity;
}

/**
 * All-exact conjuncts on the paths most rules share (each extra path costs a resolution per
 * event, a shared one only a hash look-up), fewest alternatives first among equals, plus the
 * best conjunct with substrings (one automaton pass per path serves all its rules).
 */
function chooseConjuncts(req: Requirement | null, popularity: Map<string, number>): Disjunction[] {
  if (!req) return [];
  const isExact = (d: Disjunction): boolean => [...d.values()].every((c) => c.kind === 'exact');
  const shared = (d: Disjunction): number => {
    let min = Infinity;
    for (const [pathId, c] of d) min = Math.min(min, popularity.get(`${c.kind}:${pathId}`)!);
    return min;
  };
  const ranked = [...req].sort((a, b) => shared(b) - shared(a) || a.size - b.size);
  const exact = ranked.filter(isExact).slice(0, MAX_EXACT_CONJUNCTS);
  const substring = ranked.filter((d) => !isExact(d)).slice(0, 1);
  return [...exact, ...substring];
}
