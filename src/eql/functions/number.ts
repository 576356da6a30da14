import { num, str } from './values.js';
import type { EqlFunction } from './types.js';

/** `number(text[, base])`: parses an integer or decimal (base 16 accepts a 0x prefix). */
export const number: EqlFunction = {
  name: 'number',
  minArgs: 1,
  maxArgs: 2,
  caseInsensitive: false,
  returns: 'number',
  fieldQuery: false,
  compile() {
    return {
      apply([source, base]) {
        if (typeof source === 'number') return source;
        const s = str(source)?.trim();
        if (s === undefined || s === '') return null;
        const radix = base === null || base === undefined ? 10 : num(base);
        if (radix === null || radix < 2 || radix > 36) return null;
        if (radix === 10) {
          const n = Number(s);
          return Number.isFinite(n) ? n : null;
        }
        const digits = radix === 16 ? s.replace(/^([+-]?)0x/i, '$1') : s;
        if (!isInRadix(digits, radix)) return null;
        return parseInt(digits, radix);
      },
    };
  },
};

function isInRadix(text: string, radix: number): boolean {
  const body = text.replace(/^[+-]/, '');
  if (body === '') return false;
  for (const ch of body.toLowerCase()) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= radix) return false;
  }
  return true;
}
