import { num, str } from './values.js';
import type { EqlFunction } from './types.js';

/** `substring(source, start[, end])`: Python-style offsets (negative counts from the end). */
export const substring: EqlFunction = {
  name: 'substring',
  minArgs: 2,
  maxArgs: 3,
  caseInsensitive: false,
  returns: 'string',
  fieldQuery: false,
  compile() {
    return {
      apply([source, start, end]) {
        const s = str(source);
        const a = num(start);
        if (s === null || a === null) return null;
        const b = end === null || end === undefined ? s.length : num(end);
        if (b === null) return null;
        return s.slice(clamp(a, s.length), clamp(b, s.length));
      },
    };
  },
};

function clamp(offset: number, length: number): number {
  const i = Math.trunc(offset);
  return i < 0 ? Math.max(0, length + i) : Math.min(i, length);
}
