import { classifyGlob, compileGeneralGlob, type Glob } from './glob.js';
import { AffixTrie, SubstringAutomaton } from './string-index.js';

/** Below this many patterns of one shape, plain string methods beat building an index. */
const INDEX_THRESHOLD = 4;

type Finder = (s: string) => number;

/**
 * Many wildcard patterns ORed over one subject, grouped by shape: exact values in a hash map,
 * prefixes and suffixes in tries, substrings in an Aho-Corasick automaton, the rest as general
 * globs. `find` returns the id of a matching pattern or -1. Patterns must already be lowercased
 * when the group is case-insensitive (the caller passes lowercased subjects).
 */
export class StringGroup {
  readonly #finders: Finder[];

  constructor(patterns: { glob: Glob; id: number }[]) {
    const exact: { text: string; id: number }[] = [];
    const prefix: { text: string; id: number }[] = [];
    const suffix: { text: string; id: number }[] = [];
    const contains: { text: string; id: number }[] = [];
    const finders: Finder[] = [];
    let anyId = -1;
    const general: Finder[] = [];
    for (const { glob, id } of patterns) {
      const shape = classifyGlob(glob);
      switch (shape.kind) {
        case 'exact':
          exact.push({ text: shape.text, id });
          break;
        case 'prefix':
          prefix.push({ text: shape.text, id });
          break;
        case 'suffix':
          suffix.push({ text: shape.text, id });
          break;
        case 'contains':
          contains.push({ text: shape.text, id });
          break;
        case 'any':
          if (anyId < 0) anyId = id;
          break;
        case 'general': {
          const test = compileGeneralGlob(shape.glob);
          general.push((s) => (test(s) ? id : -1));
          break;
        }
      }
    }
    if (anyId >= 0) {
      const id = anyId;
      finders.push(() => id);
    }
    if (exact.length > 0) finders.push(exactFinder(exact));
    if (prefix.length > 0) finders.push(affixFinder(prefix, false));
    if (suffix.length > 0) finders.push(affixFinder(suffix, true));
    if (contains.length > 0) finders.push(containsFinder(contains));
    finders.push(...general);
    this.#finders = finders;
  }

  find(s: string): number {
    const finders = this.#finders;
    for (let i = 0; i < finders.length; i++) {
      const id = finders[i]!(s);
      if (id >= 0) return id;
    }
    return -1;
  }
}

function exactFinder(patterns: { text: string; id: number }[]): Finder {
  if (patterns.length === 1) {
    const { text, id } = patterns[0]!;
    return (s) => (s === text ? id : -1);
  }
  const map = new Map<string, number>();
  for (const p of patterns) if (!map.has(p.text)) map.set(p.text, p.id);
  return (s) => map.get(s) ?? -1;
}

function affixFinder(patterns: { text: string; id: number }[], fromEnd: boolean): Finder {
  if (patterns.length < INDEX_THRESHOLD) {
    return fromEnd
      ? (s) => {
          for (const p of patterns) if (s.endsWith(p.text)) return p.id;
          return -1;
        }
      : (s) => {
          for (const p of patterns) if (s.startsWith(p.text)) return p.id;
          return -1;
        };
  }
  const trie = new AffixTrie(fromEnd);
  for (const p of patterns) trie.add(p.text, p.id);
  return (s) => trie.find(s);
}

function containsFinder(patterns: { text: string; id: number }[]): Finder {
  if (patterns.length < INDEX_THRESHOLD) {
    return (s) => {
      for (const p of patterns) if (s.includes(p.text)) return p.id;
      return -1;
    };
  }
  const automaton = new SubstringAutomaton();
  for (const p of patterns) automaton.add(p.text, p.id);
  automaton.build();
  return (s) => automaton.find(s);
}
