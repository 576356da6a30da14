import {
  compileEqlRegex,
  type CompiledEqlRegex,
  EqlRegexError,
} from '../../../src/eql/regex/index.js';

export function elastic(
  pattern: string,
  caseInsensitive = false,
  edges: { valueStartsWith?: string; valueEndsWith?: string } = {},
): CompiledEqlRegex {
  return compileEqlRegex(pattern, { dialect: 'elastic', caseInsensitive, ...edges });
}

export function search(pattern: string, caseInsensitive = false): CompiledEqlRegex {
  return compileEqlRegex(pattern, { dialect: 'search', caseInsensitive });
}

/** The EqlRegexError that compiling throws, or a failure if it compiles. */
export function compileError(compile: () => unknown): EqlRegexError {
  try {
    compile();
  } catch (e) {
    if (e instanceof EqlRegexError) return e;
    throw e;
  }
  throw new Error('expected an EqlRegexError');
}

/** Audit events as the `message` field holds them: JSON object text. */
export const MESSAGE = { valueStartsWith: '{', valueEndsWith: '}' };
