import { str } from './values.js';
import type { EqlFunction } from './types.js';

/** `concat(value, …)`: the values as text, joined; unknown when any value is null. */
export const concat: EqlFunction = {
  name: 'concat',
  minArgs: 1,
  maxArgs: Infinity,
  caseInsensitive: false,
  returns: 'string',
  fieldQuery: false,
  compile() {
    return {
      apply(values) {
        let out = '';
        for (const v of values) {
          const s = str(v);
          if (s === null) return null;
          out += s;
        }
        return out;
      },
    };
  },
};
