import { foldCase } from './fold-case.js';
import { ANY_ONE, ANY_RUN, type Glob } from './glob.js';
import type { LoweredValue } from './lower.js';

/**
 * A necessary condition on one field: some leaf's lowercased text must equal (`exact`) or
 * contain (`substring`) one of `texts`. Rules are skipped for events that violate it, so it may
 * over-approximate (more texts, weaker kind) but never under-approximate.
 */
export interface Constraint {
  kind: 'exact' | 'substring';
  texts: Set<string>;
}

/**
 * Alternatives on one or more fields, at least one of which holds: `verb` is create, OR
 * `user.groups` is system:unauthenticated. Keyed by field-path id.
 */
export type Disjunction = Map<number, Constraint>;

/** A necessary condition in conjunctive form: every disjunction holds. Never empty. */
export type Requirement = Disjunction[];

/** Past this many conjuncts a requirement keeps the strongest few; each costs index work. */
const MAX_CONJUNCTS = 8;

export function requirementOn(pathId: number, c: Constraint): Requirement {
  return [new Map([[pathId, c]])];
}

/** The constraint a list of ORed rule values puts on its field, if it can be expressed. */
export function constraintOf(values: LoweredValue[]): Constraint | null {
  let allExact = true;
  const exact = new Set<string>();
  const substrings = new Set<string>();
  for (const v of values) {
    for (const alt of v.alternatives) {
      if (alt.kind !== 'glob') return null; // numbers, regexes, null, cidr… have no text to index
      const literal = isExact(alt.glob);
      if (literal !== null) {
        exact.add(foldCase(literal));
        substrings.add(foldCase(literal));
        continue;
      }
      allExact = false;
      const longest = longestLiteral(alt.glob);
      if (longest === '') return null; // `*` or `?*`: any text
      substrings.add(foldCase(longest));
    }
  }
  if (allExact) return { kind: 'exact', texts: exact };
  return substrings.has('') ? null : { kind: 'substring', texts: substrings };
}

function isExact(glob: Glob): string | null {
  if (glob.length === 0) return '';
  return glob.length === 1 && typeof glob[0] === 'string' ? glob[0] : null;
}

function longestLiteral(glob: Glob): string {
  let best = '';
  for (const p of glob) if (p !== ANY_RUN && p !== ANY_ONE && p.length > best.length) best = p;
  return best;
}

/** AND: every child's disjunctions hold. */
export function intersect(reqs: (Requirement | null)[]): Requirement | null {
  const all: Disjunction[] = [];
  for (const r of reqs) if (r) all.push(...r);
  if (all.length === 0) return null;
  return all.sort((a, b) => weakness(a) - weakness(b)).slice(0, MAX_CONJUNCTS);
}

/**
 * OR: each child implies its own best disjunction, so the OR of the children implies the OR
 * of those (one disjunction; constraints on the same path merge, exact weakening to substring
 * when mixed). A child with no requirement leaves the OR without one.
 */
export function union(reqs: (Requirement | null)[]): Requirement | null {
  if (reqs.length === 0 || reqs.some((r) => r === null)) return null;
  const common = pathsInEvery(reqs as Requirement[]);
  const out: Disjunction = new Map();
  for (const r of reqs as Requirement[]) {
    const best = [...r].sort(
      (a, b) => sharedScore(b, common) - sharedScore(a, common) || weakness(a) - weakness(b),
    )[0]!;
    for (const [pathId, c] of best) {
      const have = out.get(pathId);
      out.set(pathId, have ? merge(have, c) : c);
    }
  }
  for (const c of out.values()) if (c.kind === 'substring' && c.texts.has('')) return null;
  return [out];
}

function merge(a: Constraint, b: Constraint): Constraint {
  const kind = a.kind === 'exact' && b.kind === 'exact' ? 'exact' : 'substring';
  return { kind, texts: new Set([...a.texts, ...b.texts]) };
}

/** Paths that every child constrains somewhere: picking those keeps the disjunction narrow. */
function pathsInEvery(reqs: Requirement[]): Set<number> {
  const sets = reqs.map((r) => new Set(r.flatMap((d) => [...d.keys()])));
  return new Set([...sets[0]!].filter((p) => sets.every((s) => s.has(p))));
}

function sharedScore(d: Disjunction, common: Set<number>): number {
  let n = 0;
  for (const p of d.keys()) if (common.has(p)) n++;
  return n === d.size ? 1 : 0;
}

/** Lower is stronger: fewer alternatives, exact before substring, fewer texts. */
function weakness(d: Disjunction): number {
  let texts = 0;
  let substring = 0;
  for (const c of d.values()) {
    texts += c.texts.size;
    if (c.kind === 'substring') substring = 1;
  }
  return d.size * 1000 + substring * 500 + Math.min(texts, 499);
}
