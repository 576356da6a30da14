import {
  compileEql,
  type EqlDialect,
  type EqlDocument,
  type EqlMatch,
} from '../../src/eql/index.js';

/** Evaluates an event query on one document. */
export function run(query: string, doc: EqlDocument, dialect: EqlDialect = 'elastic'): EqlMatch[] {
  return compileEql(query, { dialect }).evaluator().push(doc, 0, 'doc');
}

export function matches(query: string, doc: EqlDocument, dialect: EqlDialect = 'elastic'): boolean {
  return run(query, doc, dialect).length > 0;
}

/** The error a function throws (fails the test when it does not throw). */
export function thrown(
  f: () => unknown,
): Error & { line?: number; column?: number; expected?: string[] } {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
