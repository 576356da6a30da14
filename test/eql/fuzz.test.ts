/**
 * Differential property tests for EQL event queries: random conditions (rendered to query text)
 * and random documents, the engine (`compileEql(...).evaluator().push`) against the reference
 * evaluator (test/eql/reference/evaluator.ts), in both dialects.
 *
 * The runs are seeded so CI is reproducible. To search harder locally:
 *   FUZZ_RUNS=50000 FUZZ_SEED=$RANDOM npx vitest run test/eql/fuzz.test.ts
 * FUZZ_STATS=1 prints how often documents matched, to keep the generator honest.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileEql, parseEql, type EqlDocument } from '../../src/eql/index.js';
import { EQL_DIALECTS } from '../../src/eql/types.js';
import { docArb } from './fuzz/arbitraries.js';
import { conditionArb } from './fuzz/conditions.js';
import { astShape, modelShape, render, spell } from './fuzz/model.js';
import { referenceMatches } from './reference/evaluator.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260101);

/** `any where …`, or a category (`iam where …`, `"iam" where …`) matched on event.category. */
const queryArb = fc
  .tuple(conditionArb, fc.constantFrom(null, 'iam', '"iam"'), fc.nat(2))
  .map(([condition, category, s]) => ({
    condition,
    category: category?.replaceAll('"', '') ?? null,
    text: `${category ?? spell('any', s)} ${spell('where', s + 1)} ${render(condition)}`,
  }));

/** Some documents carry categories so that category filters match now and then. */
const docsArb = fc.array(
  fc
    .tuple(docArb, fc.constantFrom(undefined, 'iam', ['x', 'iam'], 'IAM'))
    .map(([doc, category]) => (category === undefined ? doc : { ...doc, event: { category } })),
  { minLength: 1, maxLength: 5 },
);

const stats = { docs: 0, matches: 0 };

function check(text: string, docs: EqlDocument[]): void {
  const ast = parseEql(text);
  for (const dialect of EQL_DIALECTS) {
    const compiled = compileEql(text, { dialect });
    for (const doc of docs) {
      const engine = compiled.evaluator().push(doc, 0, 'x').length > 0;
      const reference = referenceMatches(ast, doc, dialect);
      stats.docs++;
      if (engine) stats.matches++;
      if (engine !== reference) {
        throw new Error(
          `engine=${engine} reference=${reference} [${dialect}]\n` +
            `query: ${text}\ndoc: ${JSON.stringify(doc)}`,
        );
      }
    }
  }
}

describe('EQL engine vs reference evaluator (fuzz)', () => {
  afterAll(() => {
    if (process.env.FUZZ_STATS) console.log(`eql fuzz: ${stats.matches}/${stats.docs} matched`);
  });

  it('random event queries and documents agree in both dialects', () => {
    fc.assert(
      fc.property(queryArb, docsArb, (q, docs) => check(q.text, docs)),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });

  it('rendered queries parse back to the generated shape', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const ast = parseEql(q.text);
        expect(ast.type).toBe('event');
        if (ast.type !== 'event') return;
        expect(ast.filter.category).toBe(q.category);
        expect(astShape(ast.filter.condition)).toEqual(modelShape(q.condition));
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });
});
