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

/**
 * Aho-Corasick automaton compiled to a DFA: finds any of many substrings in one left-to-right
 * pass with one table look-up per character. Characters that occur in no pattern share one
 * alphabet class (they always lead back to the root), which keeps the table small.
 */
export class SubstringAutomaton {
  #goto: Map<number, number>[] = [new Map()];
  /** Pattern id recognised at a state (directly or through fail links), or -1. */
  #out: number[] = [-1];
  /** Pattern id ending exactly at a state, or -1. */
  #own: number[] = [-1];
  /** Nearest proper suffix state with its own pattern, or 0: walks every match at a position. */
  #dictLink: Int32Array = new Int32Array(1);
  #ascii = new Uint16Array(128);
  #otherClass = new Map<number, number>();
  #classes = 1;
  #table: Int32Array | null = null;

  add(text: string, id: number): void {
    if (this.#table) throw new Error('automaton already built');
    let state = 0;
    for (let k = 0; k < text.length; k++) {
      const code = text.charCodeAt(k);
      this.#classify(code);
      let target = this.#goto[state]!.get(code);
      if (target === undefined) {
        target = this.#goto.length;
        this.#goto.push(new Map());
        this.#out.push(-1);
        this.#own.push(-1);
        this.#goto[state]!.set(code, target);
      }
      state = target;
    }
    if (this.#out[state]! < 0) this.#out[state] = id;
    if (this.#own[state]! < 0) this.#own[state] = id;
  }

  #classify(code: number): void {
    if (code < 128) {
      if (this.#ascii[code] === 0) this.#ascii[code] = this.#classes++;
    } else if (!this.#otherClass.has(code)) {
      this.#otherClass.set(code, this.#classes++);
    }
  }

  #classOf(code: number): number {
    return code < 128 ? this.#ascii[code]! : (this.#otherClass.get(code) ?? 0);
  }

  build(): this {
    const width = this.#classes;
    const states = this.#goto.length;
    const table = new Int32Array(states * width);
    const fail = new Int32Array(states);
    const dictLink = new Int32Array(states);
    const codes: number[] = [];
    for (let c = 0; c < 128; c++) if (this.#ascii[c]) codes.push(c);
    codes.push(...this.#otherClass.keys());
    // Breadth-first, so a state's fail target is complete before the state is.
    const queue: number[] = [0];
    for (let qi = 0; qi < queue.length; qi++) {
      const state = queue[qi]!;
      const f = fail[state]!;
      if (state !== 0 && this.#out[state]! < 0) this.#out[state] = this.#out[f]!;
      if (state !== 0) dictLink[state] = this.#own[f]! >= 0 ? f : dictLink[f]!;
      for (const code of codes) {
        const cls = this.#classOf(code);
        const child = this.#goto[state]!.get(code);
        if (child !== undefined) {
          table[state * width + cls] = child;
          fail[child] = state === 0 ? 0 : table[f * width + cls]!;
          queue.push(child);
        } else {
          table[state * width + cls] = state === 0 ? 0 : table[f * width + cls]!;
        }
      }
    }
    this.#table = table;
    this.#dictLink = dictLink;
    return this;
  }

  find(s: string): number {
    const table = this.#table!;
    const out = this.#out;
    if (out[0]! >= 0) return out[0]!; // the empty pattern
    const width = this.#classes;
    const ascii = this.#ascii;
    let state = 0;
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      const cls = code < 128 ? ascii[code]! : (this.#otherClass.get(code) ?? 0);
      state = table[state * width + cls]!;
      if (out[state]! >= 0) return out[state]!;
    }
    return -1;
  }

  /** Calls onMatch with the id of every pattern occurrence in s (ids may repeat). */
  findAll(s: string, onMatch: (id: number) => void): void {
    const table = this.#table!;
    const own = this.#own;
    const link = this.#dictLink;
    const width = this.#classes;
    const ascii = this.#ascii;
    if (own[0]! >= 0) onMatch(own[0]!);
    let state = 0;
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      const cls = code < 128 ? ascii[code]! : (this.#otherClass.get(code) ?? 0);
      state = table[state * width + cls]!;
      if (this.#out[state]! < 0) continue;
      for (let t = state; t !== 0; t = link[t]!) if (own[t]! >= 0) onMatch(own[t]!);
    }
  }
}
