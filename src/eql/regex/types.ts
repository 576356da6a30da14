import type { EqlDialect } from '../types.js';

export interface EqlRegexOptions {
  dialect: EqlDialect;
  /** `regex~`: the comparison ignores case. */
  caseInsensitive: boolean;
  /**
   * What every value of the field is known to start/end with (the `message` field always holds
   * a JSON object's text, so `{` and `}`): used to warn about a whole-value regex that can
   * never match it.
   */
  valueStartsWith?: string;
  valueEndsWith?: string;
}

/** A warning about a pattern; `offset` is the 0-based index into the pattern text. */
export interface EqlRegexWarning {
  code: string;
  message: string;
  offset: number;
}

export interface CompiledEqlRegex {
  /** Linear-time test (RE2) with the dialect's semantics. */
  test(value: string): boolean;
  /**
   * Where the match is in `value` (for evidence excerpts); null when it does not match.
   * For whole-value matches this is the whole value.
   */
  locate(value: string): { start: number; end: number } | null;
  warnings: EqlRegexWarning[];
}

/** A pattern that Elasticsearch would reject (elastic dialect) or that cannot be compiled. */
export class EqlRegexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /**
     * Elasticsearch itself refuses the pattern (as opposed to a construct cronwarden cannot run
     * in linear time): in the elastic dialect the query loads, with a warning, and never matches.
     */
    readonly rejectedByElasticsearch = false,
  ) {
    super(message);
    this.name = 'EqlRegexError';
  }
}
