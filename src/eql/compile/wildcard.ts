import { foldCase } from '../../sigma/compile/fold-case.js';
import {
  ANY_ONE,
  ANY_RUN,
  classifyGlob,
  compileGeneralGlob,
  normalizeGlob,
  type Glob,
} from '../../sigma/compile/glob.js';
import { locateLiteral, type Locate } from './evidence.js';

export interface WildcardMatcher {
  test(value: string): boolean;
  locate: Locate | null;
}

/**
 * EQL wildcards (`like`, `:` and `wildcard()`): `*` is any run, `?` one character, and the
 * pattern matches the whole value. There is no escape: Elasticsearch's toLikePattern turns
 * every `*` and `?` into a wildcard, so a literal `*` can only be matched with `==`, `in` or
 * `regex`. A backslash is an ordinary character.
 */
export function parseEqlWildcard(pattern: string): Glob {
  const parts: Glob = [];
  let literal = '';
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') {
      parts.push(literal, ch === '*' ? ANY_RUN : ANY_ONE);
      literal = '';
    } else {
      literal += ch;
    }
  }
  parts.push(literal);
  return normalizeGlob(parts);
}

export function hasEqlWildcards(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * A linear-time matcher (no backtracking): the value may be attacker-controlled. With
 * `caseInsensitive` the caller passes values already case-folded.
 */
export function compileEqlWildcard(pattern: string, caseInsensitive: boolean): WildcardMatcher {
  const glob = parseEqlWildcard(caseInsensitive ? foldCase(pattern) : pattern);
  const longest = glob
    .filter((p): p is string => typeof p === 'string')
    .reduce((a, b) => (b.length > a.length ? b : a), '');
  const locate = locateLiteral(longest, caseInsensitive ? foldCase : undefined);
  const shape = classifyGlob(glob);
  switch (shape.kind) {
    case 'exact':
      return { test: (v) => v === shape.text, locate };
    case 'prefix':
      return { test: (v) => v.startsWith(shape.text), locate };
    case 'suffix':
      return { test: (v) => v.endsWith(shape.text), locate };
    case 'contains':
      return { test: (v) => v.includes(shape.text), locate };
    case 'any':
      return { test: () => true, locate };
    default:
      return { test: compileGeneralGlob(shape.glob), locate };
  }
}
