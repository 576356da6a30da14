import type { Formula, Needle } from './formula.js';

/**
 * Share of audit lines a needle is expected in, for choosing which side of an AND to search
 * for. Words every request carries somewhere (verbs in URIs and annotations, identities) are
 * common; resource names less so; anything else is assumed rare.
 */
const COMMON: Record<string, number> = {
  get: 0.5,
  list: 0.3,
  watch: 0.3,
  update: 0.25,
  create: 0.15,
  patch: 0.08,
  delete: 0.05,
  allow: 0.9,
  'system:': 0.9,
  'system:serviceaccount:': 0.5,
  'system:node:': 0.3,
  '-controller': 0.3,
  'kube-system': 0.4,
  kubernetes: 0.6,
  pods: 0.2,
  events: 0.1,
  secrets: 0.05,
};

function frequency(n: Needle): number {
  return COMMON[n.text.toLowerCase()] ?? (n.text.length >= 8 ? 0.005 : 0.02);
}

/**
 * Needles such that every line satisfying the formula contains at least one of them: each AND
 * is represented by its rarest side, so the scanner stops at few lines that then fail the
 * full check. Null when the formula can hold for a line with no needle at all.
 */
export function anchorsOf(f: Formula): Needle[] | null {
  const best = anchorSet(f);
  return best ? [...new Map(best.needles.map((n) => [key(n), n])).values()] : null;
}

interface Anchors {
  needles: Needle[];
  frequency: number;
}

function anchorSet(f: Formula): Anchors | null {
  switch (f.kind) {
    case 'true':
      return null;
    case 'false':
      return { needles: [], frequency: 0 };
    case 'needle':
      return { needles: [f.needle], frequency: frequency(f.needle) };
    case 'probe':
      return null;
    case 'or': {
      const needles: Needle[] = [];
      let freq = 0;
      for (const c of f.of) {
        const a = anchorSet(c);
        if (!a) return null;
        needles.push(...a.needles);
        freq += a.frequency;
      }
      return { needles, frequency: Math.min(1, freq) };
    }
    case 'and': {
      let best: Anchors | null = null;
      for (const c of f.of) {
        const a = anchorSet(c);
        if (a && (!best || a.frequency < best.frequency)) best = a;
      }
      return best;
    }
  }
}

function key(n: Needle): string {
  return `${n.cased ? 'c' : 'i'}:${n.text}`;
}

/**
 * The exact check of a line the scanner stopped at: the formula over the line's bytes, with
 * case-insensitive needles compared against the line lowercased (only ASCII can matter: the
 * scanner itself reports lines whose non-ASCII or escaped characters could hide a needle).
 * Each needle is looked for at most once per line, however many rules mention it.
 */
export function compileLineCheck(f: Formula): (line: Buffer) => boolean {
  const ids = new Map<string, number>();
  const tests: ((l: LineView) => boolean)[] = [];
  const idOf = (n: Needle): number => {
    let id = ids.get(key(n));
    if (id === undefined) {
      id = tests.length;
      ids.set(key(n), id);
      if (n.cased) {
        const bytes = Buffer.from(n.text, 'latin1');
        tests.push((l) => l.bytes.indexOf(bytes) >= 0);
      } else tests.push((l) => l.lower().includes(n.text));
    }
    return id;
  };
  const build = (x: Formula): ((l: LineView) => boolean) => {
    switch (x.kind) {
      case 'true':
        return () => true;
      case 'false':
        return () => false;
      case 'needle': {
        const id = idOf(x.needle);
        return (l) => l.has(id);
      }
      case 'probe': {
        const p = x.probe;
        return (l) => p.mayHold(l.bytes);
      }
      case 'and': {
        const parts = probesLast(x.of).map(build);
        return (l) => parts.every((p) => p(l));
      }
      case 'or': {
        const parts = probesLast(x.of).map(build);
        return (l) => parts.some((p) => p(l));
      }
    }
  };
  const check = build(f);
  const view = new LineView(tests);
  return (line) => check(view.reset(line));
}

/** One line under test, with what is known so far about each needle. */
class LineView {
  bytes: Buffer = Buffer.alloc(0);
  #lower: string | null = null;
  /** Per needle: 0 not looked for yet, 1 present, 2 absent. */
  readonly #known: Uint8Array;

  constructor(private readonly tests: ((l: LineView) => boolean)[]) {
    this.#known = new Uint8Array(tests.length);
  }

  reset(bytes: Buffer): this {
    this.bytes = bytes;
    this.#lower = null;
    this.#known.fill(0);
    return this;
  }

  has(id: number): boolean {
    const k = this.#known[id]!;
    if (k !== 0) return k === 1;
    const yes = this.tests[id]!(this);
    this.#known[id] = yes ? 1 : 2;
    return yes;
  }

  lower(): string {
    return (this.#lower ??= this.bytes.toString('latin1').toLowerCase());
  }
}

/**
 * The same check from the needles the scanner saw in the line (bit i of the 64-bit mask: folded
 * text i is in the line): a case-insensitive needle holds when its bit is set, a case-sensitive
 * one is confirmed with one exact search, only then.
 */
export function compileMaskCheck(
  f: Formula,
  textIndex: (n: Needle) => number,
): (line: Buffer, low: number, high: number) => boolean {
  let line: Buffer = Buffer.alloc(0);
  let low = 0;
  let high = 0;
  const bit = (i: number): boolean => ((i < 32 ? low >>> i : high >>> (i - 32)) & 1) === 1;
  const build = (x: Formula): (() => boolean) => {
    switch (x.kind) {
      case 'true':
        return () => true;
      case 'false':
        return () => false;
      case 'needle': {
        const i = textIndex(x.needle);
        if (!x.needle.cased) return () => bit(i);
        const exact = Buffer.from(x.needle.text, 'latin1');
        return () => bit(i) && line.indexOf(exact) >= 0;
      }
      case 'probe': {
        const p = x.probe;
        return () => p.mayHold(line);
      }
      case 'and': {
        const parts = probesLast(x.of).map(build);
        return () => parts.every((p) => p());
      }
      case 'or': {
        const parts = probesLast(x.of).map(build);
        return () => parts.some((p) => p());
      }
    }
  };
  const check = build(f);
  return (l, lo, hi) => {
    line = l;
    low = lo;
    high = hi;
    return check();
  };
}

/** Needles are bits already in hand; a probe reads the line, so it runs only if still needed. */
function probesLast(parts: readonly Formula[]): Formula[] {
  const cost = (f: Formula): number =>
    f.kind === 'probe' ? 2 : f.kind === 'and' || f.kind === 'or' ? Math.max(...f.of.map(cost)) : 0;
  return parts.slice().sort((a, b) => cost(a) - cost(b));
}
