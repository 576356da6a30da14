import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRulePaths, loadRuleSources } from '../../../src/sigma/index.js';
import { quickFields, schemaFields } from '../../../src/sigma/load/metadata-fields.js';

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', 'stable', 'test', 'high', 'critical', 'kubernetes', '1', '__proto__'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.boolean(),
  fc.constant(null),
);

const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('id', 'type', 'product', 'x'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Mostly the shape the schema wants, sometimes anything. */
const near = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: value, weight: 1 });
const text = fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('', '__proto__', 'x.y'));
const texts = fc.array(fc.oneof(text, fc.integer(), fc.double()), { maxLength: 3 });

/** What readMetadata hands over: YAML values (plain JSON shapes). */
const fields = fc.record(
  {
    title: near(text),
    id: near(fc.oneof(fc.uuid(), fc.integer(), text)),
    name: near(text),
    status: near(fc.constantFrom('stable', 'test', 'experimental', 'nope')),
    description: near(text),
    references: near(texts),
    author: near(text),
    date: near(fc.oneof(fc.constantFrom('2026-11-22', 20261122), fc.double())),
    modified: near(text),
    tags: near(texts),
    logsource: near(
      fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(text, fc.constant(null)), { maxKeys: 3 }),
    ),
    level: near(fc.constantFrom('low', 'high', 'informational', 'HIGH')),
    falsepositives: near(fc.oneof(text, texts)),
    fields: near(texts),
    related: near(fc.array(fc.record({ id: text, type: text, extra: value }), { maxLength: 2 })),
    detection: value,
  },
  { requiredKeys: [] },
);

describe('metadata fields without zod', () => {
  // First: the other test loads zod.
  it('loads the built-in pack without loading zod; a bad field still gets its zod message', () => {
    const loaded = () =>
      Object.keys(createRequire(import.meta.url).cache).some((k) => /[\\/]zod[\\/]/.test(k));
    expect(loaded()).toBe(false);
    expect(loadRulePaths(['rules']).diagnostics).toEqual([]);
    expect(loaded()).toBe(false);
    const bad = loadRuleSources([
      {
        file: 'bad.yml',
        text: 'title: t\nlevel: severe\nlogsource: {product: kubernetes}\ndetection:\n  s: {verb: create}\n  condition: s\n',
      },
    ]);
    expect(bad.diagnostics).toMatchObject([
      { code: 'E_METADATA', file: 'bad.yml', line: 2, message: expect.stringMatching(/^level: /) },
    ]);
    expect(loaded()).toBe(true);
  });

  it('accepts exactly what the zod schema accepts, with the same result', () => {
    fc.assert(
      fc.property(fields, (plain) => {
        const quick = quickFields(plain);
        const schema = schemaFields(plain);
        expect(quick !== null).toBe(schema.ok);
        if (quick && schema.ok) expect(quick).toStrictEqual(schema.data);
      }),
      { numRuns: 3000 },
    );
  });
});
