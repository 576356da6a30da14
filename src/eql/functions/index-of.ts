import { fold, num, str } from './values.js';
import type { EqlFunction } from './types.js';

/** `indexOf(source, substring[, start])`: first position at or after start; null if absent. */
export const indexOf: EqlFunction = {
  name: 'indexOf',
  minArgs: 2,
  maxArgs: 3,
  caseInsensitive: true,
  returns: 'number',
  fieldQuery: false,
  compile(_args, ci) {
    return {
      apply([source, sub, start]) {
        const s = str(source);
        const n = str(sub);
        if (s === null || n === null) return null;
        const from = start === null || start === undefined ? 0 : num(start);
        if (from === null) return null;
        const at = fold(s, ci).indexOf(fold(n, ci), Math.max(0, Math.trunc(from)));
        return at < 0 ? null : at;
      },
    };
  },
};
