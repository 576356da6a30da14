import { describe, expect, it } from 'vitest';
import {
  ConditionSyntaxError,
  parseCondition,
  resolveOfTarget,
} from '../../../src/sigma/condition/parse.js';
import type { ConditionNode } from '../../../src/sigma/ast.js';

/** Compact S-expression of a condition AST, to assert structure (precedence) directly. */
function sexpr(n: ConditionNode): string {
  switch (n.kind) {
    case 'id':
      return n.name;
    case 'not':
      return `(not ${sexpr(n.arg)})`;
    case 'and':
    case 'or':
      return `(${n.kind} ${n.args.map(sexpr).join(' ')})`;
    case 'of':
      return `(${n.quantifier} of ${n.target})`;
  }
}

describe('parseCondition', () => {
  it.each([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not (a and b)', '(not (and a b))'],
    ['a and not b or not c and d', '(or (and a (not b)) (and (not c) d))'],
    ['1 of sel* and not all of filter*', '(and (1 of sel*) (not (all of filter*)))'],
    ['any of them', '(1 of them)'],
    ['2 of x*', '(2 of x*)'],
    ['not not a', '(not (not a))'],
    ['((a))', 'a'],
  ])('%s', (text, expected) => {
    expect(sexpr(parseCondition(text))).toBe(expected);
  });

  it.each([
    ['a and', 5],
    ['(a or b', 7],
    ['a b', 2],
    ['sel*', 0],
    ['foo of them', 0],
    ['a | count() > 5', 2],
    ['a near b', 2],
  ])('rejects %j at offset %i', (text, offset) => {
    try {
      parseCondition(text);
      expect.fail('should not parse');
    } catch (e) {
      expect(e).toBeInstanceOf(ConditionSyntaxError);
      expect((e as ConditionSyntaxError).offset).toBe(offset);
    }
  });
});

describe('resolveOfTarget', () => {
  const names = ['selection', 'selection_2', '_hidden', 'filter', '_filter_x'];
  it('leaves underscore names out of them and of patterns that do not start with _', () => {
    expect(resolveOfTarget('them', names)).toEqual(['selection', 'selection_2', 'filter']);
    expect(resolveOfTarget('*', names)).toEqual(['selection', 'selection_2', 'filter']);
    expect(resolveOfTarget('_*', names)).toEqual(['_hidden', '_filter_x']);
  });
  it('matches whole names', () => {
    expect(resolveOfTarget('sel', names)).toEqual([]);
    expect(resolveOfTarget('selection*', names)).toEqual(['selection', 'selection_2']);
  });
});
