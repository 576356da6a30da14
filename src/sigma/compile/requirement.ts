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

/** Every constraint in the map holds at once (keyed by field-path id). */
export type Requirement = Map<number, Constraint>;

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

/** AND: all constraints hold; on a shared path keep the stronger one. */
export function intersect(reqs: (Requirement | null)[]): Requirement | null {
  let out: Requirement | null = null;
  for (const r of reqs) {
    if (!r) continue;
    out ??= new Map();
    for (const [pathId, c] of r) {
      // Each constraint is necessary on its own, but not their common part: array leaves can
      // satisfy two items on one path separately (`f: [x, y]` meets `f: x` and `f: y`).
      const have = out.get(pathId);
      if (!have || stronger(c, have)) out.set(pathId, c);
    }
  }
  return out;
}

function stronger(a: Constraint, b: Constraint): boolean {
  if (a.kind !== b.kind) return a.kind === 'exact';
  return a.texts.size < b.texts.size;
}

/** OR: only paths every child constrains survive; texts are united, exact weakening to substring. */
export function union(reqs: (Requirement | null)[]): Requirement | null {
  if (reqs.length === 0 || reqs.some((r) => r === null)) return null;
  const out: Requirement = new Map();
  for (const pathId of reqs[0]!.keys()) {
    const cs = reqs.map((r) => r!.get(pathId));
    if (cs.some((c) => c === undefined)) continue;
    const kind = cs.every((c) => c!.kind === 'exact') ? 'exact' : 'substring';
    const texts = new Set<string>();
    for (const c of cs) for (const t of c!.texts) texts.add(t);
    if (kind === 'substring' && texts.has('')) continue; // '' is in every text: no constraint
    out.set(pathId, { kind, texts });
  }
  return out.size > 0 ? out : null;
}
