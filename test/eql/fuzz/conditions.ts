/** fast-check arbitrary for EQL conditions (the part after `where`), as models. */
import fc from 'fast-check';
import type { PredicateOp } from '../../../src/eql/index.js';
import {
  anyLiteral,
  bool,
  COMPARE_OPS,
  fieldArb,
  named,
  nul,
  num,
  seed,
  str,
  valueArb,
} from './arbitraries.js';
import { spell, type M } from './model.js';

/** Valid in both dialects (Lucene and RE2), so every generated query compiles. */
const REGEXES = [
  'a.*',
  '.*b.*',
  '[aA]+',
  'a|b',
  '1[0-9]*',
  '(ab)+',
  '.',
  'A.?',
  'é.*',
  '.*',
  '\\d+',
  '[0-9]+\\.?5?',
];
const CIDRS = ['10.0.0.0/8', '192.168.0.0/16', '10.1.2.3/32', 'fe80::/10', '0.0.0.0/0'];

const value = valueArb(fieldArb);
const list = (item: fc.Arbitrary<M>): fc.Arbitrary<M[]> =>
  fc.array(item, { minLength: 1, maxLength: 3 });

const compare: fc.Arbitrary<M> = fc
  .tuple(
    value,
    fc.constantFrom(...COMPARE_OPS),
    fc.oneof({ weight: 6, arbitrary: anyLiteral }, { weight: 1, arbitrary: nul }),
    fc.boolean(),
  )
  .map(([v, op, k, swap]): M =>
    swap ? { kind: 'compare', op, left: k, right: v } : { kind: 'compare', op, left: v, right: k },
  );

/** Both sides constant: folded at compile time by the engine. */
const constantCompare: fc.Arbitrary<M> = fc
  .oneof(
    fc.tuple(str(), str()),
    fc.tuple(num(), num()),
    fc.tuple(fc.oneof(nul, num()), fc.oneof(nul, num())),
  )
  .chain(([left, right]) =>
    fc.constantFrom(...COMPARE_OPS).map((op): M => ({ kind: 'compare', op, left, right })),
  );

function predicate(op: PredicateOp, values: fc.Arbitrary<M>, mustList: boolean): fc.Arbitrary<M> {
  const word = op.replace('~', '');
  return fc
    .tuple(
      value,
      list(values),
      fc.boolean(),
      seed,
      op.startsWith('in') ? fc.boolean() : fc.constant(false),
    )
    .map(([subject, vs, asList, s, negated]): M => {
      const listed = mustList || asList || vs.length > 1;
      const kw = `${negated ? `${spell('not', s >> 2)} ` : ''}${spell(word, s)}${op.endsWith('~') ? '~' : ''}`;
      return {
        kind: 'predicate',
        op,
        negated,
        subject,
        values: listed ? vs : vs.slice(0, 1),
        kw,
        list: listed,
      };
    });
}

const wildcardString = str();
const predicates = fc.oneof(
  predicate('in', anyLiteral, true),
  predicate('in~', anyLiteral, true),
  // `:`, `like` and `regex` take constants only: strings and unsigned numbers.
  predicate(
    ':',
    fc.oneof({ weight: 4, arbitrary: wildcardString }, { weight: 1, arbitrary: num(true) }),
    false,
  ),
  predicate('like', wildcardString, false),
  predicate('like~', wildcardString, false),
  predicate('regex', str(fc.constantFrom(...REGEXES)), false),
  predicate('regex~', str(fc.constantFrom(...REGEXES)), false),
);

const booleanCall: fc.Arbitrary<M> = fc.oneof(
  fc
    .tuple(
      fc.oneof(named('startsWith'), named('endsWith'), named('stringContains')),
      fc.boolean(),
      value,
      str(),
    )
    .map(([name, ci, v, s]): M => ({ kind: 'call', name, caseInsensitive: ci, args: [v, s] })),
  fc
    .tuple(named('wildcard'), fc.boolean(), value, list(str()))
    .map(([name, ci, v, ps]): M => ({ kind: 'call', name, caseInsensitive: ci, args: [v, ...ps] })),
  fc
    .tuple(named('cidrMatch'), value, list(str(fc.constantFrom(...CIDRS))))
    .map(([name, v, blocks]): M => ({
      kind: 'call',
      name,
      caseInsensitive: false,
      args: [v, ...blocks],
    })),
);

const { cond } = fc.letrec<{ cond: M }>((tie) => ({
  cond: fc
    .oneof(
      { maxDepth: 4, depthIdentifier: 'cond' },
      { weight: 5, arbitrary: predicates },
      { weight: 4, arbitrary: compare },
      { weight: 2, arbitrary: booleanCall },
      { weight: 1, arbitrary: fc.oneof(bool, fieldArb, constantCompare) },
      {
        // A condition used as a value.
        weight: 1,
        arbitrary: fc
          .tuple(tie('cond'), fc.constantFrom('==', '!=' as const), bool)
          .map(([c, op, b]): M => ({ kind: 'compare', op, left: c, right: b })),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(tie('cond'), seed)
          .map(([operand, s]): M => ({ kind: 'not', operand, kw: spell('not', s) })),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom('and' as const, 'or' as const), tie('cond'), tie('cond'), seed)
          .map(([kind, left, right, s]): M => ({ kind, left, right, kw: spell(kind, s) })),
      },
    )
    // Gratuitous parentheses, which must not change the parsed shape.
    .chain((m) => fc.nat(4).map((n) => (n === 0 ? { ...m, paren: true } : m))),
}));

export const conditionArb = cond;
