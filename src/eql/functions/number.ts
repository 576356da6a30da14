import { num, str } from './values.js';
import type { EqlFunction } from './types.js';

// Java's Double.valueOf, which Elasticsearch's number() uses for base 10 after Long.valueOf:
// surrounding whitespace trimmed, exponents and a trailing d/f type suffix allowed.
const JAVA_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;

/**
 * `number(text[, base])` as Elasticsearch's ToNumberFunctionProcessor does it: a `0x` prefix
 * means base 16 when no base is given; text it cannot convert (where Elasticsearch raises an
 * error for the document) gives null, so the comparison does not match.
 */
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
        const text = str(source);
        if (text === null || text === undefined) return null;
        const hexPrefix = text.startsWith('0x');
        const radix = base === null || base === undefined ? (hexPrefix ? 16 : 10) : num(base);
        if (radix === null || !Number.isInteger(radix) || radix < 2 || radix > 36) return null;
        if (radix === 10) {
          const trimmed = text.trim();
          if (!JAVA_DECIMAL.test(trimmed)) return null;
          const n = Number(trimmed.replace(/[dDfF]$/, ''));
          return Number.isFinite(n) ? n : null;
        }
        // Long.parseLong: an optional sign, then digits of the radix, nothing else.
        const digits = hexPrefix && radix === 16 ? text.slice(2) : text;
        return isInRadix(digits, radix) ? parseInt(digits, radix) : null;
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
