import { compileEqlRegex, EqlRegexError, type CompiledEqlRegex } from '../regex/index.js';
import type { StringLiteral } from '../syntax/ast.js';
import type { CompileScope } from './scope.js';

/** Fields that always hold a JSON object's text in the Elastic view of an audit event. */
const JSON_TEXT_FIELDS = new Set(['message']);

/**
 * Compiles a `regex` / `regex~` pattern through the regex module, moving its diagnostics
 * (offsets into the pattern) to the line and column of that character in the query text.
 */
export function compileRegexLiteral(
  literal: StringLiteral,
  field: string | null,
  caseInsensitive: boolean,
  scope: CompileScope,
): CompiledEqlRegex {
  const jsonText = field !== null && JSON_TEXT_FIELDS.has(field);
  try {
    const compiled = compileEqlRegex(literal.value, {
      dialect: scope.dialect,
      caseInsensitive,
      ...(jsonText ? { valueStartsWith: '{', valueEndsWith: '}' } : {}),
    });
    for (const w of compiled.warnings)
      scope.warn(w.code, w.message, sourceOffset(literal, w.offset));
    return compiled;
  } catch (e) {
    if (e instanceof EqlRegexError && e.rejectedByElasticsearch && scope.dialect === 'elastic') {
      scope.rejectedByElasticsearch = true;
      scope.warn(
        'EQL_REGEX_REJECTED',
        `${e.message}. Elasticsearch refuses the whole query, so it raises nothing there; cronwarden loads it and it never matches`,
        sourceOffset(literal, e.offset),
      );
      return NEVER;
    }
    if (isRegexError(e)) {
      throw scope.error(`invalid regex: ${e.message}`, sourceOffset(literal, e.offset));
    }
    throw e;
  }
}

const NEVER: CompiledEqlRegex = { test: () => false, locate: () => null, warnings: [] };

/** Where pattern character `offset` was written (escapes make the two differ). */
export function sourceOffset(literal: StringLiteral, offset: number): number {
  const i = Math.max(0, Math.min(Math.trunc(offset) || 0, literal.offsets.length - 1));
  return literal.offsets[i] ?? literal.start;
}

function isRegexError(e: unknown): e is Error & { offset: number } {
  return (
    e instanceof Error &&
    e.name === 'EqlRegexError' &&
    typeof (e as { offset?: unknown }).offset === 'number'
  );
}
