import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AffixTrie, SubstringAutomaton } from '../../../src/sigma/compile/string-index.js';
import { StringGroup } from '../../../src/sigma/compile/string-group.js';
import { parseSigmaString } from '../../../src/sigma/compile/glob.js';

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ab'), maxLength: 6 });

describe('SubstringAutomaton', () => {
  it('finds a pattern exactly when some pattern is a substring', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), word, (patterns, s) => {
        const ac = new SubstringAutomaton();
        patterns.forEach((p, i) => ac.add(p, i));
        ac.build();
        const id = ac.find(s);
        const expected = patterns.some((p) => s.includes(p));
        expect(id >= 0).toBe(expected);
        if (id >= 0) expect(s.includes(patterns[id]!)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles overlapping patterns through failure links', () => {
    const ac = new SubstringAutomaton();
    ['he', 'she', 'his', 'hers'].forEach((p, i) => ac.add(p, i));
    ac.build();
    expect(ac.find('ushers')).toBeGreaterThanOrEqual(0);
    expect(ac.find('ahishe')).toBeGreaterThanOrEqual(0);
    expect(ac.find('xyz')).toBe(-1);
  });
});

describe('AffixTrie', () => {
  it('matches prefixes and suffixes like startsWith/endsWith', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 10 }),
        word,
        fc.boolean(),
        (patterns, s, fromEnd) => {
          const trie = new AffixTrie(fromEnd);
          patterns.forEach((p, i) => trie.add(p, i));
          const id = trie.find(s);
          const test = (p: string): boolean => (fromEnd ? s.endsWith(p) : s.startsWith(p));
          expect(id >= 0).toBe(patterns.some(test));
          if (id >= 0) expect(test(patterns[id]!)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('StringGroup', () => {
  it('returns a matching pattern id iff any pattern matches', () => {
    const pattern = fc
      .array(fc.constantFrom('a', 'b', '*', '?', 'ab'), { maxLength: 5 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 14 }), word, (patterns, s) => {
        const globs = patterns.map((p, id) => ({ glob: parseSigmaString(p), id }));
        const group = new StringGroup(globs);
        const single = globs.map((g) => new StringGroup([g]));
        const expected = single.some((m) => m.find(s) >= 0);
        const id = group.find(s);
        expect(id >= 0).toBe(expected);
        if (id >= 0) expect(single[id]!.find(s)).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('SubstringAutomaton.findAll', () => {
  it('reports exactly the patterns that occur', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          word.filter((w) => w !== ''),
          { minLength: 1, maxLength: 12 },
        ),
        word,
        (patterns, s) => {
          const ac = new SubstringAutomaton();
          patterns.forEach((p, i) => ac.add(p, i));
          ac.build();
          const found = new Set<number>();
          ac.findAll(s, (id) => found.add(id));
          const expected = new Set(patterns.flatMap((p, i) => (s.includes(p) ? [i] : [])));
          expect(found).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
