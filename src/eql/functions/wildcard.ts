import { compileEqlWildcard } from '../compile/wildcard.js';
import { constantString, fold, str } from './values.js';
import type { EqlFunction } from './types.js';

/** `wildcard(field, pattern, …)`: EQL 7.x; true when any pattern matches the whole value. */
export const wildcard: EqlFunction = {
  name: 'wildcard',
  minArgs: 2,
  maxArgs: Infinity,
  caseInsensitive: true,
  returns: 'boolean',
  fieldQuery: true,
  compile(args, ci) {
    const matchers = args
      .slice(1)
      .map((_, i) => compileEqlWildcard(constantString(args, i + 1, 'a wildcard pattern'), ci));
    return {
      apply([source]) {
        const s = str(source);
        if (s === null) return null;
        const v = fold(s, ci);
        return matchers.some((m) => m.test(v));
      },
      locate: (v) => matchers.find((m) => m.test(fold(v, ci)))?.locate?.(v) ?? null,
    };
  },
};
