import { describe, expect, it } from 'vitest';
import { elastic } from './helpers.js';

/**
 * Lucene's documented meaning of <n-m> (Automata.makeDecimalInterval): with equal-length bounds
 * exactly that many digits, zero-padded; otherwise any number of leading zeros.
 */
function reference(lo: string, hi: string, value: string): boolean {
  if (!/^[0-9]+$/.test(value)) return false;
  const [min, max] = [Number(lo), Number(hi)].sort((a, b) => a - b) as [number, number];
  if (lo.length === hi.length && value.length !== lo.length) return false;
  const n = Number(value);
  return n >= min && n <= max;
}

const VALUES: string[] = [''];
for (let n = 0; n <= 1100; n++) VALUES.push(String(n));
for (let n = 0; n <= 120; n++) VALUES.push(`0${n}`, `00${n}`, `000${n}`);
VALUES.push('x', '1x', '-1', '+1');

const BOUNDS: [string, string][] = [
  ['0', '0'],
  ['0', '9'],
  ['1', '10'],
  ['5', '1000'],
  ['01', '10'],
  ['007', '093'],
  ['10', '99'],
  ['13', '987'],
  ['250', '255'],
  ['0', '1050'],
  ['99', '101'],
  ['100', '1'],
];

describe('elastic dialect: numeric intervals against the documented semantics', () => {
  it.each(BOUNDS)('<%s-%s>', (lo, hi) => {
    const re = elastic(`<${lo}-${hi}>`);
    for (const value of VALUES) {
      expect([value, re.test(value)]).toEqual([value, reference(lo, hi, value)]);
    }
  });

  it('handles bounds up to 2^31-1', () => {
    const re = elastic('<0-2147483647>');
    expect(re.test('2147483647')).toBe(true);
    expect(re.test('2147483648')).toBe(false);
    expect(re.test('0002147483647')).toBe(true);
  });

  it('treats a leading + as part of the bound text (Integer.parseInt accepts it)', () => {
    // why: '+5' and '10' have the same length, so two digits are required.
    const re = elastic('<+5-10>');
    expect(re.test('07')).toBe(true);
    expect(re.test('7')).toBe(false);
  });
});
