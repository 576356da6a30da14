import { fold, maybeConstantString, str } from './values.js';
import type { EqlFunction } from './types.js';

export const startsWith: EqlFunction = {
  name: 'startsWith',
  minArgs: 2,
  maxArgs: 2,
  caseInsensitive: true,
  returns: 'boolean',
  fieldQuery: true,
  compile(args, ci) {
    const fixed = maybeConstantString(args[1]);
    const prefix = fixed === null ? null : fold(fixed, ci);
    return {
      apply([source, p]) {
        const s = str(source);
        const want = prefix ?? (str(p) === null ? null : fold(str(p)!, ci));
        if (s === null || want === null) return null;
        return fold(s, ci).startsWith(want);
      },
      locate: prefix === null ? undefined : () => ({ start: 0, end: prefix.length }),
    };
  },
};
