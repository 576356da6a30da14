import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANY_ONE,
  ANY_RUN,
  classifyGlob,
  compileGeneralGlob,
  globToSigma,
  parseSigmaString,
  type Glob,
} from '../../../src/sigma/compile/glob.js';

/** Naive exponential matcher: obviously correct, fine for short test strings. */
function naiveMatch(glob: Glob, s: string): boolean {
  const go = (gi: number, si: number): boolean => {
    if (gi === glob.length) return si === s.length;
    const p = glob[gi]!;
    if (p === ANY_RUN) {
      for (let k = si; k <= s.length; k++) if (go(gi + 1, k)) return true;
      return false;
    }
    if (p === ANY_ONE) return si < s.length && go(gi + 1, si + 1);
    return s.startsWith(p, si) && go(gi + 1, si + p.length);
  };
  return go(0, 0);
}

describe('parseSigmaString', () => {
  it.each([
    ['abc', ['abc']],
    ['a*b', ['a', ANY_RUN, 'b']],
    ['a?b', ['a', ANY_ONE, 'b']],
    ['a\\*b', ['a*b']],
    ['a\\?b', ['a?b']],
    ['a\\\\b', ['a\\b']],
    ['a\\\\*', ['a\\', ANY_RUN]],
    ['a\\\\\\*', ['a\\*']],
    ['C:\\Windows\\System32', ['C:\\Windows\\System32']],
    ['trailing\\', ['trailing\\']],
    ['**x', [ANY_RUN, 'x']],
    ['', []],
  ])('%j', (input, expected) => {
    expect(parseSigmaString(input)).toEqual(expected);
  });

  it('round-trips through globToSigma', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '\\') }), (s) => {
        const g = parseSigmaString(s);
        expect(parseSigmaString(globToSigma(g))).toEqual(g);
      }),
    );
  });
});

describe('classifyGlob', () => {
  it.each([
    ['abc', 'exact'],
    ['abc*', 'prefix'],
    ['*abc', 'suffix'],
    ['*abc*', 'contains'],
    ['*', 'any'],
    ['a*b', 'general'],
    ['a?', 'general'],
  ])('%s is %s', (s, kind) => {
    expect(classifyGlob(parseSigmaString(s)).kind).toBe(kind);
  });
});

describe('compileGeneralGlob', () => {
  const globChars = fc.constantFrom('a', 'b', 'ab', '*', '?');
  it('agrees with a naive backtracking matcher', () => {
    fc.assert(
      fc.property(
        fc.array(globChars, { maxLength: 7 }).map((parts) => parseSigmaString(parts.join(''))),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 10 }),
        (glob, s) => {
          expect(compileGeneralGlob(glob)(s)).toBe(naiveMatch(glob, s));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stays fast on a pathological pattern (no backtracking blow-up)', () => {
    const glob = parseSigmaString('*a*a*a*a*a*a*a*a*a*a*b');
    expect(compileGeneralGlob(glob)('a'.repeat(100_000))).toBe(false);
  });
});
