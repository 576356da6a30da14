import { describe, expect, it } from 'vitest';
import { parseEql, type EqlExpr, type EqlQueryAst } from '../../src/eql/index.js';

/** The AST without positions, written compactly for structural comparison. */
function shape(e: EqlExpr): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'field':
      return `${e.optional ? '?' : ''}$${e.path}`;
    case 'not':
      return ['not', shape(e.operand)];
    case 'and':
    case 'or':
      return [e.kind, shape(e.left), shape(e.right)];
    case 'compare':
      return [e.op, shape(e.left), shape(e.right)];
    case 'predicate':
      return [`${e.negated ? 'not ' : ''}${e.op}`, shape(e.subject), ...e.values.map(shape)];
    case 'call':
      return [`${e.name}${e.caseInsensitive ? '~' : ''}()`, ...e.args.map(shape)];
    case 'arith':
      return [e.op, shape(e.left), shape(e.right)];
    case 'neg':
      return ['neg', shape(e.operand)];
  }
}

function condition(q: string): unknown {
  const ast = parseEql(q);
  if (ast.type !== 'event') throw new Error('not an event query');
  return shape(ast.filter.condition);
}

describe('EQL parser', () => {
  it.each([
    [
      'a == 1 or b == 2 and c == 3',
      ['or', ['==', '$a', 1], ['and', ['==', '$b', 2], ['==', '$c', 3]]],
    ],
    ['not a == 1 and b', ['and', ['not', ['==', '$a', 1]], '$b']],
    ['(a or b) and c', ['and', ['or', '$a', '$b'], '$c']],
    ['x in~ ("a", "b")', ['in~', '$x', 'a', 'b']],
    ['x not in (1, 2)', ['not in', '$x', 1, 2]],
    ['x : "a*"', [':', '$x', 'a*']],
    ['x like~ ("a", "b")', ['like~', '$x', 'a', 'b']],
    ['x regex "a.*"', ['regex', '$x', 'a.*']],
    ['startsWith~(x, "a")', ['startsWith~()', '$x', 'a']],
    ['a + b * 2 - -3 > 1', ['>', ['-', ['+', '$a', ['*', '$b', 2]], -3], 1]],
    ['-x < 0', ['<', ['neg', '$x'], 0]],
    ['`a.b`.c != null', ['!=', '$a.b.c', null]],
    ['?opt == true', ['==', '?$opt', true]],
    ['@timestamp > 1.5e3', ['>', '$@timestamp', 1500]],
    ['event.sequence == 1', ['==', '$event.sequence', 1]],
  ])('%s', (text, expected) => {
    expect(condition(`any where ${text}`)).toEqual(expected);
  });

  it('parses categories and positions', () => {
    const ast = parseEql('process where true');
    expect(ast).toMatchObject({
      type: 'event',
      filter: { category: 'process' },
      start: 0,
      end: 18,
    });
    expect(parseEql('"my-cat" where true')).toMatchObject({ filter: { category: 'my-cat' } });
    expect(parseEql('any where true')).toMatchObject({ filter: { category: null } });
  });

  it('parses sequences with by, maxspan, runs and until', () => {
    const ast = parseEql(`sequence by user.name with maxspan=15m
      [process where a == 1] by pid with runs=2
      [file where true] by ppid
      until [process where stop == true] by pid`) as Extract<EqlQueryAst, { type: 'sequence' }>;
    expect(ast.type).toBe('sequence');
    expect(ast.by.map((f) => f.path)).toEqual(['user.name']);
    expect(ast.maxspan).toMatchObject({ amount: '15', unit: 'm' });
    expect(
      ast.steps.map((s) => [s.filter.category, s.by.map((f) => f.path), s.runs?.value ?? 1]),
    ).toEqual([
      ['process', ['pid'], 2],
      ['file', ['ppid'], 1],
    ]);
    expect(ast.until?.by.map((f) => f.path)).toEqual(['pid']);
  });

  it('keeps pipes and sample queries for the compiler to reject', () => {
    expect(parseEql('any where true | head 5 | tail 2')).toMatchObject({
      pipes: [
        { name: 'head', start: 15 },
        { name: 'tail', start: 24 },
      ],
    });
    expect(parseEql('sample by host [any where true] [any where true]')).toMatchObject({
      type: 'sample',
    });
  });

  it('maps every string character to where it was written', () => {
    const ast = parseEql('any where x == "a\\tb\\u{1F600}c"');
    if (ast.type !== 'event' || ast.filter.condition.kind !== 'compare') throw new Error('shape');
    const lit = ast.filter.condition.right;
    if (lit.kind !== 'literal' || typeof lit.value !== 'string' || !('offsets' in lit))
      throw new Error('shape');
    expect(lit.value).toBe('a\tb😀c');
    expect(lit.offsets).toEqual([16, 17, 19, 20, 20, 29, 30]);
  });
});
