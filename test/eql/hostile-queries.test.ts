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
    ['groups', `${'('.repeat(5000)}a${')'.repeat(5000)}`],
    ['complements', `${'~'.repeat(5000)}a`],
    ['intersections', Array(500).fill('a').join('&')],
  ])('regexes with deep %s', (_what, pattern) => {
    const e = thrown(() => compileEql(`any where x regex "${pattern}"`, { dialect: 'elastic' }));
    expect(e).toBeInstanceOf(EqlCompileError);
    expect(e.message).toMatch(/cannot evaluate regexes nested more than 100 levels/);
  });
});
