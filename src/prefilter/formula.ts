/**
 * A condition on the raw bytes of one input line: which texts it must contain. Needle texts are
 * printable ASCII without `"`, `\` or `/` (the characters JSON may escape with a short form), so
 * that a value written with JSON's short escapes can never hide one; `\uXXXX` escapes and the
 * two non-ASCII letters that lowercase to ASCII are handled by the scanner.
 */
export interface Needle {
  /** Lowercase when `cased` is false. */
  text: string;
  cased: boolean;
}

/**
 * A test of a line's structure that no needle can express, run only when the needles leave the
 * verdict open. Like a needle it may only over-approximate: false means no event read from the
 * line can satisfy what it stands for.
 */
export interface Probe {
  /** Equal keys mean equal tests. */
  key: string;
  text: string;
  mayHold(line: Buffer): boolean;
}

export type Formula =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'needle'; needle: Needle }
  | { kind: 'probe'; probe: Probe }
  | { kind: 'and' | 'or'; of: readonly Formula[] };

export const TRUE: Formula = Object.freeze({ kind: 'true' });
export const FALSE: Formula = Object.freeze({ kind: 'false' });

export function needle(text: string, cased: boolean): Formula {
  return { kind: 'needle', needle: { text: cased ? text : text.toLowerCase(), cased } };
}

export function probe(p: Probe): Formula {
  return { kind: 'probe', probe: p };
}

export function and(children: readonly Formula[]): Formula {
  const kept = new Map<string, Formula>();
  for (const c of children) {
    if (c.kind === 'false') return FALSE;
    for (const x of c.kind === 'and' ? c.of : [c]) if (x.kind !== 'true') kept.set(keyOf(x), x);
  }
  if (kept.size === 0) return TRUE;
  return kept.size === 1 ? [...kept.values()][0]! : { kind: 'and', of: [...kept.values()] };
}

export function or(children: readonly Formula[]): Formula {
  const kept = new Map<string, Formula>();
  for (const c of children) {
    if (c.kind === 'true') return TRUE;
    for (const x of c.kind === 'or' ? c.of : [c]) if (x.kind !== 'false') kept.set(keyOf(x), x);
  }
  if (kept.size === 0) return FALSE;
  const needles = dropImplied(absorb([...kept.entries()]));
  return needles.length === 1 ? needles[0]! : { kind: 'or', of: needles };
}

/**
 * `A OR (A AND B)` is `A`: many rules add conditions to the same workload-write witness, and
 * the line check should test that witness once, not once per rule.
 */
function absorb(entries: [string, Formula][]): Formula[] {
  const conjuncts = (f: Formula): Set<string> =>
    new Set(f.kind === 'and' ? f.of.map(keyOf) : [keyOf(f)]);
  const sets = entries.map(([, f]) => conjuncts(f));
  return entries
    .filter(([key, f], i) => {
      if (f.kind !== 'and') return true;
      return !entries.some(([other], j) => {
        if (j === i || other === key) return false;
        const theirs = sets[j]!;
        if (theirs.size >= sets[i]!.size) return false;
        for (const k of theirs) if (!sets[i]!.has(k)) return false;
        return true;
      });
    })
    .map(([, f]) => f);
}

/** A canonical text of the formula: equal texts mean equal formulas. */
export function keyOf(f: Formula): string {
  switch (f.kind) {
    case 'true':
    case 'false':
      return f.kind;
    case 'needle':
      return `${f.needle.cased ? 'c' : 'i'}:${JSON.stringify(f.needle.text)}`;
    case 'probe':
      return `probe:${f.probe.key}`;
    default:
      return `${f.kind}(${f.of.map(keyOf).sort().join(',')})`;
  }
}

/**
 * In an OR, a needle containing another one adds nothing (`cronjobs` implies `jobs`), as long as
 * the shorter one is at least as lenient about case.
 */
function dropImplied(children: Formula[]): Formula[] {
  const needles = children.filter((c) => c.kind === 'needle').map((c) => c.needle);
  const seen = new Set<string>();
  return children.filter((c) => {
    if (c.kind !== 'needle') return true;
    const me = c.needle;
    const key = `${me.cased ? 'c' : 'i'}:${me.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return !needles.some((other) => other !== me && implies(me, other));
  });
}

function implies(longer: Needle, shorter: Needle): boolean {
  if (longer.text === shorter.text && longer.cased === shorter.cased) return false;
  if (shorter.cased && !longer.cased) return false;
  const text = shorter.cased ? longer.text : longer.text.toLowerCase();
  return text.includes(shorter.text);
}

/** Every needle the formula mentions, once each. */
export function needlesOf(f: Formula): Needle[] {
  const out = new Map<string, Needle>();
  const walk = (x: Formula): void => {
    if (x.kind === 'needle') out.set(`${x.needle.cased ? 'c' : 'i'}:${x.needle.text}`, x.needle);
    else if (x.kind === 'and' || x.kind === 'or') x.of.forEach(walk);
  };
  walk(f);
  return [...out.values()];
}

export function formulaText(f: Formula): string {
  switch (f.kind) {
    case 'true':
      return 'any line';
    case 'false':
      return 'no line';
    case 'needle':
      return f.needle.cased ? JSON.stringify(f.needle.text) : `i${JSON.stringify(f.needle.text)}`;
    case 'probe':
      return f.probe.text;
    default:
      return `(${f.of.map(formulaText).join(f.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
}
