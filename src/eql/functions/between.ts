import { fold, str } from './values.js';
import type { EqlFunction } from './types.js';

/**
 * `between(source, left, right[, greedy])`: the text between the first `left` and the next
 * (greedy: the last) `right`; an empty string when either is not found.
 */
export const between: EqlFunction = {
  name: 'between',
  minArgs: 3,
  maxArgs: 4,
  caseInsensitive: true,
  returns: 'string',
  fieldQuery: false,
  compile(_args, ci) {
    return {
      apply([source, left, right, greedy]) {
        const s = str(source);
        const l = str(left);
        const r = str(right);
        if (s === null || l === null || r === null) return null;
        const hay = fold(s, ci);
        const from = hay.indexOf(fold(l, ci));
        if (from < 0) return '';
        const start = from + l.length;
        const needle = fold(r, ci);
        const end = greedy === true ? hay.lastIndexOf(needle) : hay.indexOf(needle, start);
        return end < start ? '' : s.slice(start, end);
      },
    };
  },
};
