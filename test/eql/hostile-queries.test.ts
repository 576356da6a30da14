import { describe, expect, it } from 'vitest';
import { compileEql, EqlCompileError, EqlSyntaxError } from '../../src/eql/index.js';
import { thrown } from './helpers.js';

const chain = (n: number) => Array.from({ length: n }, (_, i) => `x == ${i}`).join(' or ');

describe('hostile queries get an error with a position, never a stack overflow', () => {
  it.each([
    ['parentheses', `any where ${'('.repeat(5000)}true${')'.repeat(5000)}`],
    ['not', `any where ${'not '.repeat(5000)}true`],
    ['signs', `any where x == ${'-'.repeat(5000)}1`],
    ['function calls', `any where ${'length('.repeat(3000)}x${')'.repeat(3000)} > 1`],
  ])('deep %s', (_what, query) => {
    const e = thrown(() => compileEql(query, { dialect: 'elastic' }));
    expect(e).toBeInstanceOf(EqlSyntaxError);
    expect(e.message).toMatch(/nested more than 200 levels deep/);
  });

  it('a chain of 8,000 or-terms, but not one of 1,500', () => {
    const e = thrown(() => compileEql(`any where ${chain(8000)}`, { dialect: 'elastic' }));
    expect(e).toBeInstanceOf(EqlSyntaxError);
    expect(e.message).toMatch(/use in \(…\) lists or split it/);
    const q = compileEql(`any where ${chain(1500)}`, { dialect: 'elastic' });
    expect(q.evaluator().push({ x: 1499 }, 0, 1)).toHaveLength(1);
  });

  it.each([
    ['groups', 'elastic', `${'('.repeat(5000)}a${')'.repeat(5000)}`],
    ['complements', 'elastic', `${'~'.repeat(5000)}a`],
    ['intersections', 'elastic', Array(500).fill('a').join('&')],
    ['stacked quantifiers', 'elastic', `a${'*'.repeat(100_000)}`],
    ['groups', 'search', `${'('.repeat(100_000)}a${')'.repeat(100_000)}`],
  ] as const)('regexes with deep %s (%s dialect)', (_what, dialect, pattern) => {
    const e = thrown(() => compileEql(`any where x regex "${pattern}"`, { dialect }));
    expect(e).toBeInstanceOf(EqlCompileError);
    expect(e.message).toMatch(/cannot evaluate regexes nested more than 100 levels/);
  });

  it('finds a match among thousands of groups without capturing them', () => {
    const q = compileEql(`any where x regex "${'(a)'.repeat(3000)}"`, { dialect: 'search' });
    const [m] = q.evaluator().push({ x: `b${'a'.repeat(3000)}` }, 0, 1);
    expect(m!.evidence[0]!.value.length).toBeLessThanOrEqual(256);
  });
});
