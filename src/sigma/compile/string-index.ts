/**
 * One-pass matchers for many literal patterns of the same shape, so that a rule value list of
 * fifty `contains` strings costs one walk over the subject instead of fifty.
 * Each returns the id of a matching pattern, or -1.
 */

interface TrieNode {
  next: Map<number, TrieNode>;
  /** Pattern id ending here, or -1. */
  id: number;
}

function newNode(): TrieNode {
  return { next: new Map(), id: -1 };
}

/** Patterns that must be a prefix (or, reversed, a suffix) of the subject. */
export class AffixTrie {
  readonly #root = newNode();
  readonly #fromEnd: boolean;

  constructor(fromEnd: boolean) {
    this.#fromEnd = fromEnd;
  }

  add(text: string, id: number): void {
    let node = this.#root;
    const n = text.length;
    for (let k = 0; k < n; k++) {
      const code = text.charCodeAt(this.#fromEnd ? n - 1 - k : k);
      let child = node.next.get(code);
      if (!child) {
        child = newNode();
        node.next.set(code, child);
      }
      node = child;
    }
    if (node.id < 0) node.id = id;
  }

  find(s: string): number {
    let node: TrieNode | undefined = this.#root;
    if (node.id >= 0) return node.id;
    const n = s.length;
    for (let k = 0; k < n; k++) {
      node = node.next.get(s.charCodeAt(this.#fromEnd ? n - 1 - k : k));
      if (!node) return -1;
      if (node.id >= 0) return node.id;
    }
    return -1;
  }
}

/** Aho-Corasick automaton: finds any of many substrings in one left-to-right pass. */
export class SubstringAutomaton {
  #goto: Map<number, number>[] = [new Map()];
  #fail: number[] = [0];
  /** Pattern id recognised at a state (through fail links), or -1. */
  #out: number[] = [-1];
  #built = false;

  add(text: string, id: number): void {
    if (this.#built) throw new Error('automaton already built');
    let state = 0;
    for (let k = 0; k < text.length; k++) {
      const code = text.charCodeAt(k);
      let target = this.#goto[state]!.get(code);
      if (target === undefined) {
        target = this.#goto.length;
        this.#goto.push(new Map());
        this.#fail.push(0);
        this.#out.push(-1);
        this.#goto[state]!.set(code, target);
      }
      state = target;
    }
    if (this.#out[state]! < 0) this.#out[state] = id;
  }

  build(): this {
    const queue: number[] = [];
    for (const child of this.#goto[0]!.values()) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const state = queue[qi]!;
      for (const [code, child] of this.#goto[state]!) {
        queue.push(child);
        let f = this.#fail[state]!;
        while (f > 0 && !this.#goto[f]!.has(code)) f = this.#fail[f]!;
        const viaFail = this.#goto[f]!.get(code);
        this.#fail[child] = viaFail !== undefined && viaFail !== child ? viaFail : 0;
        if (this.#out[child]! < 0) this.#out[child] = this.#out[this.#fail[child]!]!;
      }
    }
    this.#built = true;
    return this;
  }

  find(s: string): number {
    if (this.#out[0]! >= 0) return this.#out[0]!; // the empty pattern
    const go = this.#goto;
    const fail = this.#fail;
    const out = this.#out;
    let state = 0;
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      let next = go[state]!.get(code);
      while (next === undefined && state !== 0) {
        state = fail[state]!;
        next = go[state]!.get(code);
      }
      state = next ?? 0;
      if (out[state]! >= 0) return out[state]!;
    }
    return -1;
  }
}
