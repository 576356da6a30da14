import { foldCase } from '../../sigma/compile/fold-case.js';
import { locateLiteral } from '../compile/evidence.js';
import { fold, maybeConstantString, str } from './values.js';
import type { EqlFunction } from './types.js';

export const stringContains: EqlFunction = {
  name: 'stringContains',
  minArgs: 2,
  maxArgs: 2,
  caseInsensitive: true,
  returns: 'boolean',
  fieldQuery: true,
  compile(args, ci) {
    const fixed = maybeConstantString(args[1]);
    const needle = fixed === null ? null : fold(fixed, ci);
    return {
      apply([source, sub]) {
        const s = str(source);
        const want = needle ?? (str(sub) === null ? null : fold(str(sub)!, ci));
        if (s === null || want === null) return null;
        return fold(s, ci).includes(want);
      },
      locate:
        needle === null
          ? undefined
          : (locateLiteral(needle, ci ? foldCase : undefined) ?? undefined),
    };
  },
};
