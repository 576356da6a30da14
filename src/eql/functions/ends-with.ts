import { fold, maybeConstantString, str } from './values.js';
import type { EqlFunction } from './types.js';

export const endsWith: EqlFunction = {
  name: 'endsWith',
  minArgs: 2,
  maxArgs: 2,
  caseInsensitive: true,
  returns: 'boolean',
  fieldQuery: true,
  compile(args, ci) {
    const fixed = maybeConstantString(args[1]);
    const suffix = fixed === null ? null : fold(fixed, ci);
    return {
      apply([source, p]) {
        const s = str(source);
        const want = suffix ?? (str(p) === null ? null : fold(str(p)!, ci));
        if (s === null || want === null) return null;
        return fold(s, ci).endsWith(want);
      },
      locate:
        suffix === null ? undefined : (v) => ({ start: v.length - suffix.length, end: v.length }),
    };
  },
};
