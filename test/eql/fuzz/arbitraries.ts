/**
 * fast-check arbitraries for the EQL fuzzers: documents and conditions over one small pool of
 * field names, so that generated queries and documents meet often.
 */
import fc from 'fast-check';
import type { CompareOp } from '../../../src/eql/index.js';
import { renderField, renderString, spell, type M } from './model.js';

// ---------------------------------------------------------------------------------------------
// Documents

const CHARS = [
  'a',
  'A',
  'b',
  'B',
  'é',
  'É',
  'Σ',
  'σ',
  '😀',
  '*',
  '?',
  '\\',
  ' ',
  '.',
  '1',
  '0',
  '-',
  '"',
];
const docString = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 5 });
const SPECIAL = [
  ...['1', '01', '1.0', '1e1', '10', '-1', ' 1', '0x1', '+1', '.5', '1.', '', 'Infinity', '2'],
  ...['true', 'FALSE', '1.5', '10.1.2.3', '::ffff:10.0.0.1', '192.168.1.1', 'fe80::1', 'a*b'],
];
const docScalar = fc.oneof(
  { weight: 5, arbitrary: docString },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 2, 10, 100, 1.5, 0.5) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const DOC_KEYS = ['a', 'b', 'c', 'd', 'e', 'n', 's', 'x', 'y', 'arr', 'k', 'p/q', 'a.b', 'c.d'];
const docKey = fc.constantFrom(...DOC_KEYS, '@t', 'where', 'odd name', 'event', 'category');

const { value: docValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'doc' },
    { weight: 4, arbitrary: docScalar },
    { weight: 2, arbitrary: tie('object') },
    { weight: 1, arbitrary: tie('array') },
  ),
  object: fc.dictionary(docKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  array: fc.array(tie('value'), { maxLength: 3 }),
}));

export const docArb = fc.dictionary(docKey, docValue, {
  minKeys: 1,
  maxKeys: 7,
  noNullPrototype: true,
});

// ---------------------------------------------------------------------------------------------
// Literals

/** Bits that choose between equivalent spellings (see model.ts). */
export const seed = fc.nat({ max: 0xffff });
const QCHARS = [...CHARS.filter((c) => c !== ' '), "'", '\n', '\t', 'x', ' '];
const queryString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...QCHARS), maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(...SPECIAL) },
);
export const str = (values: fc.Arbitrary<string> = queryString): fc.Arbitrary<M> =>
  fc.tuple(values, seed).map(([value, s]) => ({
    kind: 'literal' as const,
    value,
    text: renderString(value, s),
  }));
const INTS = [0, 1, -1, 2, 10, 100, 3];
const DECIMALS: [number, string][] = [
  [1.5, '1.5'],
  [1, '1.0'],
  [10, '1e1'],
  [0.5, '.5'],
  [100, '1E2'],
  [-1.5, '-1.5'],
  [0.5, '5e-1'],
  [2, '2.0'],
];
export const int = (values = INTS): fc.Arbitrary<M> =>
  fc
    .constantFrom(...values)
    .map((v) => ({ kind: 'literal' as const, value: v, integer: true, text: String(v) }));
export const num = (nonNegative = false): fc.Arbitrary<M> =>
  fc.oneof(
    int(nonNegative ? INTS.filter((v) => v >= 0) : INTS),
    fc
      .constantFrom(...DECIMALS.filter(([v]) => !nonNegative || v >= 0))
      .map(([value, text]) => ({ kind: 'literal' as const, value, integer: false, text })),
  );
const keywordLiteral = (value: boolean | null): fc.Arbitrary<M> =>
  seed.map((s) => ({ kind: 'literal' as const, value, text: spell(String(value), s) }));
export const bool = fc.oneof(keywordLiteral(true), keywordLiteral(false));
export const nul = keywordLiteral(null);
export const anyLiteral = fc.oneof(
  { weight: 4, arbitrary: str() },
  { weight: 3, arbitrary: num() },
  { weight: 1, arbitrary: bool },
  { weight: 1, arbitrary: nul },
);

// ---------------------------------------------------------------------------------------------
// Fields, values

const FIELDS = ['a', 'b', 'n', 's', 'e', 'a.b', 'a.c', 'c.d', 'c.d.e', 'arr', 'arr.x', 'arr.y'];
export const fieldArb: fc.Arbitrary<M> = fc
  .tuple(fc.constantFrom(...FIELDS, 'k.p/q', '@t', 'x.where', 'odd name', 'missing'), seed)
  .map(([path, s]) => ({ kind: 'field' as const, path, text: renderField(path, s) }));

const call = (name: string, ci: boolean, args: M[]): M => ({
  kind: 'call',
  name,
  caseInsensitive: ci,
  args,
});
/** A function name as documented, lowercased or uppercased (lookup ignores case). */
export const named = (canonical: string): fc.Arbitrary<string> =>
  fc.constantFrom(canonical, canonical.toLowerCase(), canonical.toUpperCase());
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.option(a, { freq: 2 }).map((x) => (x === null ? [] : [x]));

/** A value that reads a field: the field itself, or a function of it. */
export function valueArb(field: fc.Arbitrary<M>): fc.Arbitrary<M> {
  const calls = fc.oneof(
    fc.tuple(named('length'), field).map(([n, f]) => call(n, false, [f])),
    fc.tuple(named('string'), field).map(([n, f]) => call(n, false, [f])),
    fc
      .tuple(named('concat'), field, fc.array(fc.oneof(str(), num()), { maxLength: 2 }))
      .map(([n, f, rest]) => call(n, false, [f, ...rest])),
    fc
      .tuple(named('substring'), field, int(), opt(int()))
      .map(([n, f, a, b]) => call(n, false, [f, a, ...b])),
    fc
      .tuple(named('indexOf'), fc.boolean(), field, str(), opt(int([0, 1, 2, 9])))
      .map(([n, ci, f, s, from]) => call(n, ci, [f, s, ...from])),
    fc
      .tuple(named('between'), fc.boolean(), field, str(), str(), opt(bool))
      .map(([n, ci, f, l, r, g]) => call(n, ci, [f, l, r, ...g])),
    fc
      .tuple(fc.constantFrom('add', 'subtract', 'multiply', 'divide', 'modulo'), field, num())
      .map(([n, f, k]) => call(n, false, [f, k])),
  );
  const arith = fc
    .tuple(fc.constantFrom('+', '-', '*', '/', '%' as const), fc.oneof(field, calls), num())
    .map(([op, left, right]): M => ({ kind: 'arith', op, left, right }));
  return fc.oneof(
    { weight: 6, arbitrary: field },
    { weight: 2, arbitrary: calls },
    { weight: 1, arbitrary: arith },
  );
}

export const COMPARE_OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>='];
