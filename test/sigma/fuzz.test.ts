/**
 * Differential property tests: random Sigma rules (as YAML text) and random events, the engine's
 * `ruleSet.test` against the reference evaluator (test/reference/evaluator.ts).
 *
 * The generator keeps its own model of every rule (detection tree and condition AST), so the
 * reference is run twice: on the model (checks the engine's YAML/condition parsing too) and on
 * the rule the engine parsed (checks evaluation alone).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type {
  ConditionNode,
  DetectionNode,
  FieldItem,
  SigmaFilter,
  SigmaRule,
  SigmaScalar,
  SourcePosition,
} from '../../src/sigma/ast.js';
import { loadRuleSources } from '../../src/sigma/index.js';
import { identifiersFor, referenceMatch } from '../reference/evaluator.js';

const POS: SourcePosition = { file: 'fuzz.yml', line: 1, column: 1 };
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 400);

// ---------------------------------------------------------------------------------------------
// Events

const eventStrings = fc.string({
  unit: fc.constantFrom('a', 'b', 'A', 'B', '-', '/', '\\', '*', '?', '1', '\u2013'),
  maxLength: 5,
});
/** Encoded forms that base64 / base64offset rule values can meet. */
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const specialStrings = fc.constantFrom(
  '10.1.2.3',
  '10.200.0.1',
  '11.0.0.1',
  'fe80::1',
  'true',
  'FALSE',
  '1.5',
  '',
  b64('a'),
  b64('ab'),
  b64('ba'),
  b64('xab'),
  b64('xxab'),
  Buffer.from('ab', 'utf16le').toString('base64'),
  Buffer.from('ba', 'utf16le').swap16().toString('base64'),
  Buffer.from('\ufeffab', 'utf16le').toString('base64'),
  `x${Buffer.from(' ab', 'utf16le').toString('base64')}`,
  '::ffff:10.1.2.3',
  b64('aba') + 'x',
  'x' + b64('bab'),
);
const scalar: fc.Arbitrary<SigmaScalar> = fc.oneof(
  { weight: 6, arbitrary: eventStrings },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 3, 1.5) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: specialStrings },
);
const eventKey = fc.constantFrom(
  'a',
  'b',
  'c',
  'd',
  'x',
  'y',
  'n',
  'o',
  'r',
  'p/q',
  'a.b',
  'c.d',
  'n.o',
  'arr',
  'k',
  'm',
);

const { value: eventValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'event' },
    { weight: 3, arbitrary: scalar },
    { weight: 2, arbitrary: tie('object') },
    { weight: 2, arbitrary: tie('array') },
  ),
  object: fc.dictionary(eventKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  array: fc.array(
    fc.oneof(
      { maxDepth: 3, depthIdentifier: 'event' },
      { weight: 4, arbitrary: scalar },
      { weight: 3, arbitrary: tie('object') },
      { weight: 1, arbitrary: tie('array') },
    ),
    { maxLength: 3 },
  ),
}));

const eventArb = fc.dictionary(eventKey, eventValue, {
  minKeys: 1,
  maxKeys: 7,
  noNullPrototype: true,
});

// ---------------------------------------------------------------------------------------------
// Rules

interface GenItem {
  field: string | null;
  modifiers: string[];
  values: SigmaScalar[];
  /** Emit a single value without a list around it. */
  bare: boolean;
}

const FIELDS = ['a', 'b', 'a.b', 'c.d', 'arr', 'arr.x', 'arr.y', 'k.p/q', 'k.p/q.r', 'm.n.o', 'x'];
const field = fc.constantFrom(...FIELDS);
const patternString = fc.string({
  unit: fc.constantFrom('a', 'b', 'A', '-', '/', '\\', '*', '?', '1'),
  maxLength: 4,
});
const letters = fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1, maxLength: 3 });
const values = <T extends SigmaScalar>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.array(arb, { minLength: 1, maxLength: 3 });

function item(
  modifiers: fc.Arbitrary<string[]>,
  vals: fc.Arbitrary<SigmaScalar[]>,
  fieldArb: fc.Arbitrary<string | null> = field,
): fc.Arbitrary<GenItem> {
  return fc.record({ field: fieldArb, modifiers, values: vals, bare: fc.boolean() });
}

const REGEXES = ['^a', 'b$', 'a.?b', '[ab]+', '^$', 'A', '\\\\', '-|/', '^1$', '\\*'];

const stringModifiers = fc.constantFrom<string[]>(
  [],
  ['contains'],
  ['startswith'],
  ['endswith'],
  ['contains', 'all'],
  ['cased'],
  ['contains', 'cased'],
  ['startswith', 'cased'],
  ['windash'],
  ['windash', 'contains'],
  ['endswith', 'windash'],
  ['all'],
  ['cased', 'all'],
  ['endswith', 'all'],
);

/**
 * Set FUZZ_EXCLUDE=neq,fieldref (modifier names) to leave families out while investigating a
 * known disagreement, so that the fuzzer can look for other ones.
 */
const EXCLUDE = new Set((process.env.FUZZ_EXCLUDE ?? '').split(',').filter(Boolean));
const excluded = (a: fc.Arbitrary<GenItem>): fc.Arbitrary<GenItem> =>
  EXCLUDE.size === 0 ? a : a.filter((i) => !i.modifiers.some((m) => EXCLUDE.has(m)));

const fieldItem: fc.Arbitrary<GenItem> = excluded(
  fc.oneof(
    { weight: 6, arbitrary: item(stringModifiers, values(patternString)) },
    {
      weight: 3,
      arbitrary: item(
        fc.constant([]),
        values(fc.oneof(patternString, fc.constantFrom(0, 1, 2, 1.5, true, false, null))),
      ),
    },
    {
      weight: 2,
      arbitrary: item(
        fc.constantFrom(['re'], ['re', 'i'], ['re', 'all'], ['re', 's'], ['re', 'm', 'i']),
        values(fc.constantFrom(...REGEXES)),
      ),
    },
    {
      weight: 1,
      arbitrary: item(
        fc.constant(['exists']),
        fc.boolean().map((b) => [b]),
      ),
    },
    {
      weight: 1,
      arbitrary: item(
        fc.constantFrom(['gt'], ['gte'], ['lt'], ['lte']),
        fc.constantFrom(0, 1, 2, 1.5).map((n) => [n]),
      ),
    },
    {
      weight: 1,
      arbitrary: item(
        fc.constant(['neq']),
        values(fc.oneof(patternString, fc.constantFrom(0, 1, 2))),
      ),
    },
    {
      weight: 1,
      arbitrary: item(
        fc.constantFrom(
          ['base64'],
          ['base64', 'contains'],
          ['base64offset', 'contains'],
          ['utf16le', 'base64'],
          ['wide', 'base64offset', 'contains'],
          ['utf16be', 'base64'],
          ['utf16', 'base64'],
        ),
        values(letters),
      ),
    },
    {
      weight: 1,
      arbitrary: item(
        fc.constant(['cidr']),
        values(fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', 'fe80::/10', '11.0.0.1/32')),
      ),
    },
    {
      weight: 1,
      arbitrary: item(
        fc.constantFrom(
          ['fieldref'],
          ['fieldref', 'contains'],
          ['fieldref', 'cased'],
          ['fieldref', 'startswith'],
          ['fieldref', 'endswith'],
        ),
        field.map((f) => [f]),
      ),
    },
  ),
);

const keywordItem: fc.Arbitrary<GenItem> = fc.oneof(
  item(
    fc.constantFrom(['re'], ['re', 'i']),
    values(fc.constantFrom(...REGEXES)),
    fc.constant(null),
  ),
  item(
    fc.constant(['cidr']),
    values(fc.constantFrom('10.0.0.0/8', 'fe80::/10')),
    fc.constant(null),
  ),
  item(fc.constant([]), values(patternString), fc.constant(null)),
  item(
    fc.constantFrom(['all'], ['startswith'], ['endswith'], ['cased']),
    values(patternString),
    fc.constant(null),
  ),
);

/** One search identifier: a map, a list of maps, or a keyword search. */
type GenSearch =
  | { kind: 'map'; items: GenItem[] }
  | { kind: 'maps'; maps: GenItem[][] }
  | { kind: 'keywords'; item: GenItem };

const mapItems = fc.uniqueArray(fieldItem, {
  minLength: 1,
  maxLength: 3,
  selector: (i) => `${i.field}|${i.modifiers.join('|')}`,
});
const search: fc.Arbitrary<GenSearch> = fc.oneof(
  { weight: 5, arbitrary: mapItems.map((items) => ({ kind: 'map' as const, items })) },
  {
    weight: 2,
    arbitrary: fc
      .array(mapItems, { minLength: 1, maxLength: 3 })
      .map((maps) => ({ kind: 'maps' as const, maps })),
  },
  { weight: 1, arbitrary: keywordItem.map((i) => ({ kind: 'keywords' as const, item: i })) },
);

const IDENTIFIERS = ['sel1', 'sel2', 'sel_x', '_hidden', 'kw', 'filter_a'];

/** Condition with a flag for gratuitous parentheses. */
type GenCond =
  | { kind: 'id'; name: string; paren: boolean }
  | { kind: 'not'; arg: GenCond; paren: boolean }
  | { kind: 'and' | 'or'; args: GenCond[]; paren: boolean }
  | { kind: 'of'; quantifier: 'all' | number; target: string; any: boolean; paren: boolean };

function conditionArb(names: string[]): fc.Arbitrary<GenCond> {
  const targets = ['them', 'sel*', '_*', '*', 'filter_*', '*_*', 'sel?'].filter((t) =>
    // `?` is not a pattern character in conditions; keep only targets that name something
    t.includes('?') ? false : identifiersFor(t, names).length > 0,
  );
  const leaf: fc.Arbitrary<GenCond> =
    targets.length === 0
      ? fc.record({
          kind: fc.constant('id' as const),
          name: fc.constantFrom(...names),
          paren: fc.boolean(),
        })
      : fc.oneof(
          {
            weight: 3,
            arbitrary: fc.record({
              kind: fc.constant('id' as const),
              name: fc.constantFrom(...names),
              paren: fc.boolean(),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('of' as const),
              quantifier: fc.constantFrom<'all' | number>('all', 1, 2),
              target: fc.constantFrom(...targets),
              any: fc.boolean(),
              paren: fc.boolean(),
            }),
          },
        );
  const { cond } = fc.letrec<{ cond: GenCond }>((tie) => ({
    cond: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'cond' },
      { weight: 3, arbitrary: leaf },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('not' as const),
          arg: tie('cond'),
          paren: fc.boolean(),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constantFrom('and' as const, 'or' as const),
          args: fc.array(tie('cond'), { minLength: 2, maxLength: 3 }),
          paren: fc.boolean(),
        }),
      },
    ),
  }));
  return cond;
}

const PREC = { or: 1, and: 2, not: 3, id: 4, of: 4 } as const;

function printCondition(c: GenCond, minPrec = 0): string {
  let s: string;
  switch (c.kind) {
    case 'id':
      s = c.name;
      break;
    case 'of': {
      const q = c.quantifier === 'all' ? 'all' : c.quantifier === 1 && c.any ? 'any' : c.quantifier;
      s = `${q} of ${c.target}`;
      break;
    }
    case 'not':
      s = `not ${printCondition(c.arg, PREC.not)}`;
      break;
    default:
      s = c.args.map((a) => printCondition(a, PREC[c.kind] + 1)).join(` ${c.kind} `);
  }
  return PREC[c.kind] < minPrec || c.paren ? `(${s})` : s;
}

function toAst(c: GenCond): ConditionNode {
  switch (c.kind) {
    case 'id':
      return { kind: 'id', name: c.name, offset: 0 };
    case 'of':
      return { kind: 'of', quantifier: c.quantifier, target: c.target, offset: 0 };
    case 'not':
      return { kind: 'not', arg: toAst(c.arg) };
    default:
      return { kind: c.kind, args: c.args.map(toAst) };
  }
}

function itemKey(i: GenItem): string {
  return `${i.field ?? ''}${i.modifiers.map((m) => `|${m}`).join('')}`;
}

function itemYaml(i: GenItem): unknown {
  const single = i.values.length === 1 && i.bare && !i.modifiers.includes('all');
  return single ? i.values[0] : i.values;
}

function mapYaml(items: GenItem[]): Record<string, unknown> {
  return Object.fromEntries(items.map((i) => [itemKey(i), itemYaml(i)]));
}

function searchYaml(s: GenSearch): unknown {
  if (s.kind === 'map') return mapYaml(s.items);
  if (s.kind === 'maps') return s.maps.map(mapYaml);
  if (s.item.modifiers.length === 0) return s.item.values;
  return mapYaml([s.item]);
}

function itemNode(i: GenItem): FieldItem {
  return {
    kind: 'field',
    field: i.field,
    modifiers: i.modifiers,
    values: i.values.map((value) => ({ value, pos: POS })),
    pos: POS,
  };
}

function searchNode(s: GenSearch): DetectionNode {
  if (s.kind === 'map') return { kind: 'and', items: s.items.map(itemNode), pos: POS };
  if (s.kind === 'maps')
    return {
      kind: 'or',
      items: s.maps.map((m) => ({ kind: 'and', items: m.map(itemNode), pos: POS })),
      pos: POS,
    };
  return itemNode(s.item);
}

/** A detection section (rule or filter) with its model. */
interface GenDetection {
  yaml: Record<string, unknown>;
  model: Map<string, DetectionNode>;
  conditions: { text: string; ast: ConditionNode }[];
}

interface GenRule {
  text: string;
  rule: GenDetection;
  /** A Sigma filter naming the rule, ANDed onto it. */
  filter?: GenDetection;
}

const detectionArb = (maxConditions: number): fc.Arbitrary<GenDetection> =>
  fc
    .uniqueArray(fc.constantFrom(...IDENTIFIERS), { minLength: 1, maxLength: 4 })
    .chain((names) =>
      fc.tuple(
        fc.constant(names),
        fc.array(search, { minLength: names.length, maxLength: names.length }),
        // a YAML list of conditions is ORed
        fc.array(conditionArb(names), { minLength: 1, maxLength: maxConditions }),
      ),
    )
    .map(([names, searches, conds]) => {
      const yaml: Record<string, unknown> = {};
      const model = new Map<string, DetectionNode>();
      names.forEach((n, i) => {
        yaml[n] = searchYaml(searches[i]!);
        model.set(n, searchNode(searches[i]!));
      });
      const conditions = conds.map((c) => ({ text: printCondition(c), ast: toAst(c) }));
      yaml.condition =
        conditions.length === 1 ? conditions[0]!.text : conditions.map((c) => c.text);
      return { yaml, model, conditions };
    });

const ruleArb: fc.Arbitrary<GenRule> = fc
  // the engine takes exactly one condition string in a filter (docs/rules.md is silent)
  .tuple(detectionArb(2), fc.option(detectionArb(1), { freq: 4 }))
  .map(([rule, filter]) => {
    const docs: unknown[] = [
      { title: 'fuzz', name: 'fuzz_rule', logsource: { product: 'fuzz' }, detection: rule.yaml },
    ];
    if (filter !== null) {
      docs.push({
        title: 'fuzz filter',
        logsource: { product: 'fuzz' },
        filter: { rules: ['fuzz_rule'], ...filter.yaml },
      });
    }
    const text = docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
    return filter === null ? { text, rule } : { text, rule, filter };
  });

function withModel<T extends SigmaRule | SigmaFilter>(parsed: T, gen: GenDetection): T {
  return {
    ...parsed,
    detection: gen.model,
    conditions: gen.conditions.map((c) => ({ text: c.text, ast: c.ast, pos: POS })),
  };
}

const stats = { events: 0, matches: 0 };

function check(gen: GenRule, events: unknown[]): void {
  const load = loadRuleSources([{ file: 'fuzz.yml', text: gen.text }]);
  const errors = load.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || load.rules.length !== 1) {
    throw new Error(
      `rule did not load: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}\n${gen.text}`,
    );
  }
  const parsed = load.rules[0]!;
  const parsedFilters = load.ruleSet.filtersFor(0);
  if (parsedFilters.length !== (gen.filter ? 1 : 0)) {
    throw new Error(`filtersFor(0) has ${parsedFilters.length} filters\n${gen.text}`);
  }
  const model = withModel(parsed, gen.rule);
  const modelFilters = gen.filter ? [withModel(parsedFilters[0]!, gen.filter)] : [];
  for (const event of events) {
    const engine = load.ruleSet.test(event).includes(0);
    stats.events++;
    if (engine) stats.matches++;
    const onModel = referenceMatch(model, modelFilters, event);
    const onParsed = referenceMatch(parsed, parsedFilters, event);
    if (engine !== onModel || onParsed !== onModel) {
      throw new Error(
        `engine=${engine} reference(model)=${onModel} reference(parsed)=${onParsed}\n` +
          `event: ${JSON.stringify(event)}\nrules:\n${gen.text}`,
      );
    }
  }
}

describe('sigma engine vs reference evaluator (fuzz)', () => {
  afterAll(() => {
    // FUZZ_STATS=1 shows how often the generated pairs match, to keep the generator honest.
    if (process.env.FUZZ_STATS)
      console.log(`fuzz: ${stats.matches}/${stats.events} events matched`);
  });

  it('random rules and events agree', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(eventArb, { minLength: 1, maxLength: 8 }), (gen, events) => {
        check(gen, events);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('large OR lists of literals (merged matchers) agree', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'b', 'c', 'A', '-'),
      minLength: 1,
      maxLength: 5,
    });
    const arb = fc
      .record({
        modifiers: fc.constantFrom<string[]>(
          [],
          ['contains'],
          ['startswith'],
          ['endswith'],
          ['cased'],
          ['contains', 'cased'],
          ['startswith', 'cased'],
          ['endswith', 'cased'],
        ),
        words: fc.uniqueArray(word, { minLength: 20, maxLength: 40 }),
        wildcard: fc.boolean(),
        field: fc.constantFrom('a', 'arr.x', 'k.p/q'),
      })
      .chain((r) =>
        fc.tuple(
          fc.constant(r),
          fc.array(
            fc.oneof(
              // derived from a rule value so that hits are frequent
              fc
                .tuple(fc.constantFrom(...r.words), word, word, fc.boolean())
                .map(([w, pre, post, upper]) => {
                  const s = `${pre}${w}${post}`;
                  return upper ? s.toUpperCase() : s;
                }),
              fc.constantFrom(...r.words),
              word,
            ),
            { minLength: 5, maxLength: 15 },
          ),
        ),
      );
    fc.assert(
      fc.property(arb, ([r, texts]) => {
        const vals: string[] = r.wildcard ? [...r.words.slice(1), `${r.words[0]}*b`] : r.words;
        const gen: GenItem = { field: r.field, modifiers: r.modifiers, values: vals, bare: false };
        const text = stringify(
          {
            title: 'big or',
            logsource: { product: 'fuzz' },
            detection: { selection: mapYaml([gen]), condition: 'selection' },
          },
          { lineWidth: 0 },
        );
        const rule: GenRule = {
          text,
          rule: {
            yaml: {},
            model: new Map([['selection', { kind: 'and', items: [itemNode(gen)], pos: POS }]]),
            conditions: [{ text: 'selection', ast: { kind: 'id', name: 'selection', offset: 0 } }],
          },
        };
        const events = texts.map((t) => {
          if (r.field === 'a') return { a: t };
          if (r.field === 'arr.x') return { arr: [{ x: 'zz' }, { x: t }] };
          return { k: { 'p/q': [t, 'zz'] } };
        });
        check(rule, events);
      }),
      { numRuns: 200 },
    );
  });

  it('generated rule text round-trips through the engine parser', () => {
    // Sanity check of the generator itself: every generated rule loads cleanly.
    fc.assert(
      fc.property(ruleArb, (gen) => {
        const load = loadRuleSources([{ file: 'fuzz.yml', text: gen.text }]);
        expect(load.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
