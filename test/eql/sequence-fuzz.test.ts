/**
 * Differential property test for sequences: random 2–3 step `sequence by` queries (with or
 * without maxspan and `until`) over short time-ordered document lists, the engine against the
 * Elasticsearch-style reference (test/eql/reference/sequence.ts).
 *
 * Seeded for CI; FUZZ_RUNS and FUZZ_SEED search further (see test/eql/fuzz.test.ts).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileEql, parseEql, type SequenceQueryAst } from '../../src/eql/index.js';
import { referenceSequence } from './reference/sequence.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260101);

// Overlapping step conditions, so that one document often matches several steps.
const STEPS = ['e == "a"', 'e == "b"', 'e in ("a", "b")', 'e : "C"', 'e != "a"', 'true'];
const UNTILS = ['e == "u"', 'e in ("u", "a")', 'e == "b"'];

const queryArb = fc.record({
  key: fc.constantFrom('k', '?k'),
  maxspan: fc.option(fc.integer({ min: 1, max: 8 }), { freq: 3 }),
  steps: fc.array(fc.constantFrom(...STEPS), { minLength: 2, maxLength: 3 }),
  until: fc.option(fc.constantFrom(...UNTILS), { freq: 2 }),
});

const docArb = fc.record(
  {
    e: fc.constantFrom('a', 'b', 'c', 'u'),
    k: fc.constantFrom<unknown>('x', 'y', 1, '1', null),
  },
  { requiredKeys: ['e'] },
);

/** Times never decrease (ties are ordered by position, as Elasticsearch's tiebreaker does). */
const eventsArb = fc
  .array(fc.tuple(docArb, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 10 })
  .map((rows) => {
    let time = 0;
    return rows.map(([doc, delta]) => ({ doc, time: (time += delta) }));
  });

type Query = typeof queryArb extends fc.Arbitrary<infer T> ? T : never;

function render(q: Query): string {
  return (
    `sequence by ${q.key}${q.maxspan === null ? '' : ` with maxspan=${q.maxspan}ms`}\n` +
    q.steps.map((s) => `  [any where ${s}]\n`).join('') +
    (q.until === null ? '' : `until [any where ${q.until}]`)
  );
}

const stats = { runs: 0, matches: 0 };

describe('EQL sequences vs the Elasticsearch-style reference (fuzz)', () => {
  afterAll(() => {
    if (process.env.FUZZ_STATS)
      console.log(`sequence fuzz: ${stats.matches} matches in ${stats.runs} runs`);
  });

  it('random sequences over time-ordered events agree', () => {
    fc.assert(
      fc.property(queryArb, eventsArb, (q, events) => {
        const text = render(q);
        const evaluator = compileEql(text, { dialect: 'elastic' }).evaluator();
        const engine: unknown[][] = [];
        events.forEach(({ doc, time }, i) => {
          for (const m of evaluator.push(doc, time, i)) engine.push(m.items);
        });
        for (const m of evaluator.flush()) engine.push(m.items);
        const ast = parseEql(text) as SequenceQueryAst;
        const reference = referenceSequence(ast, events, q.maxspan, 'elastic');
        stats.runs++;
        stats.matches += reference.length;
        expect(engine, `${text}\n${JSON.stringify(events)}`).toEqual(reference);
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });
});
