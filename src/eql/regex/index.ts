import { compileElastic } from './elastic.js';
import { compileSearch } from './search.js';
import type { CompiledEqlRegex, EqlRegexOptions } from './types.js';

export * from './types.js';

/**
 * Compiles the pattern of an EQL `regex` / `regex~` comparison (after EQL string unescaping)
 * for the chosen dialect. Matching always runs on RE2, in time linear in the value, because
 * patterns come from queries and values from attackers. Throws EqlRegexError(message, offset).
 */
export function compileEqlRegex(pattern: string, opts: EqlRegexOptions): CompiledEqlRegex {
  return opts.dialect === 'elastic' ? compileElastic(pattern, opts) : compileSearch(pattern, opts);
}
