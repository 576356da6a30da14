import type { Locate } from '../compile/evidence.js';

/** What the compiler knows about one argument. */
export interface FunctionArg {
  constant: boolean;
  /** The value of a constant argument (null for non-constants). */
  value: unknown;
  /** Integer literal (or an integer-valued constant): EQL integer arithmetic. */
  integer: boolean;
}

/** A function bound to its constant arguments. */
export interface FunctionImpl {
  /** One value per argument (null when absent); null result means unknown. */
  apply(values: readonly unknown[]): unknown;
  /** For predicates: where the match is in the first argument's value (evidence excerpts). */
  locate?: Locate;
}

export interface EqlFunction {
  /** Canonical name as documented (`startsWith`); lookup ignores case. */
  name: string;
  minArgs: number;
  maxArgs: number;
  /** Has a `~` (case-insensitive) form. */
  caseInsensitive: boolean;
  returns: 'boolean' | 'string' | 'number';
  /**
   * Elasticsearch runs it as a Lucene query when the first argument is a field (prefix,
   * wildcard, terms queries), so a missing field makes it false rather than unknown.
   */
  fieldQuery: boolean;
  compile(args: readonly FunctionArg[], caseInsensitive: boolean): FunctionImpl;
}

/** A constant argument Elasticsearch would reject; `index` says which. */
export class FunctionArgError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'FunctionArgError';
  }
}
