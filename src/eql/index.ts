import { compileQuery } from './compile/query.js';
import { parseQuery } from './syntax/parser.js';
import type { EqlQueryAst } from './syntax/ast.js';
import type { CompiledEqlQuery, EqlCompileOptions } from './types.js';

export { EqlCompileError, EqlSyntaxError } from './errors.js';
export type * from './types.js';
export type * from './syntax/ast.js';
export { FUNCTION_NAMES } from './functions/index.js';
export {
  DEFAULT_MAX_SEQUENCE_KEYS,
  DEFAULT_REORDER_WINDOW_MS,
  MAX_BUFFERED_EVENTS,
} from './compile/query.js';

/** Parses an EQL query; throws EqlSyntaxError (line, column, expected tokens). */
export function parseEql(text: string): EqlQueryAst {
  return parseQuery(text);
}

/**
 * Parses and compiles an EQL query into closures, once; each `evaluator()` then runs it over
 * documents. Throws EqlSyntaxError or EqlCompileError, both with line and column.
 */
export function compileEql(text: string, opts: EqlCompileOptions): CompiledEqlQuery {
  return compileQuery(text, opts);
}
