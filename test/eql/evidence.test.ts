import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt } from '../../src/eql/compile/evidence.js';
import { compileEqlWildcard } from '../../src/eql/compile/wildcard.js';
import { run } from './helpers.js';

describe('evidence', () => {
  const long = `${'x'.repeat(1000)}needle${'y'.repeat(1000)}`;

  it('reports each condition that held in the branch that made the query true', () => {
    const [m] = run('any where (a == "no" or b : "YES") and not c == 1 and startsWith~(d, "PRE")', {
      a: 'x',
      b: 'yes',
      d: 'prefix',
    });
    expect(m?.evidence).toEqual([
      { field: 'b', condition: ': "YES"', value: 'yes' },
      { field: 'd', condition: 'startsWith~(d, "PRE")', value: 'prefix' },
    ]);
  });

  it('excerpts long values around the match, at most 256 characters', () => {
    for (const q of [
      'any where m like~ "*NEEDLE*"',
      'any where m : "x*needle*"',
      'any where stringContains(m, "needle")',
      'any where wildcard(m, "*needle*")',
    ]) {
      const [m] = run(q, { m: long });
      const value = m!.evidence[0]!.value;
      expect(value.length, q).toBeLessThanOrEqual(256);
      expect(value, q).toContain('needle');
    }
    const [r] = run('any where m regex "needle"', { m: long }, 'search');
    expect(r!.evidence[0]!.value).toContain('needle');
  });

  it('keeps short values whole and bounds every excerpt', () => {
    expect(excerpt('short', null)).toBe('short');
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.nat(), fc.nat(), (s, a, b) => {
        const start = Math.min(a, s.length);
        const end = Math.min(s.length, start + b);
        expect(excerpt(s, () => ({ start, end })).length).toBeLessThanOrEqual(256);
      }),
    );
  });
});

/** Naive exponential matcher: obviously correct, fine for short strings. */
function naive(pattern: string, s: string): boolean {
  const go = (p: number, i: number): boolean => {
    if (p === pattern.length) return i === s.length;
    const c = pattern[p]!;
    if (c === '*') {
      for (let k = i; k <= s.length; k++) if (go(p + 1, k)) return true;
      return false;
    }
    if (c === '?') return i < s.length && go(p + 1, i + 1);
    return s[i] === c && go(p + 1, i + 1);
  };
  return go(0, 0);
}

describe('EQL wildcards', () => {
  it('agree with a naive matcher', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '\\');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }),
        fc.array(fc.constantFrom('a', 'b', '\\', '*'), { maxLength: 10 }),
        (p, s) => {
          const pattern = p.join('');
          const subject = s.join('');
          expect(compileEqlWildcard(pattern, false).test(subject)).toBe(naive(pattern, subject));
        },
      ),
    );
  });

  it('run in linear time on hostile input', () => {
    const matcher = compileEqlWildcard(`${'*a'.repeat(30)}*b`, false);
    expect(matcher.test('a'.repeat(100_000))).toBe(false);
  });
});
