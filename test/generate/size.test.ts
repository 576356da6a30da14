import { describe, expect, it } from 'vitest';
import { parseSize } from '../../src/generate/size.js';

describe('parseSize', () => {
  it('reads decimal and binary units', () => {
    expect(parseSize('500MB')).toBe(500_000_000);
    expect(parseSize('1GB')).toBe(1_000_000_000);
    expect(parseSize('64MiB')).toBe(64 * 2 ** 20);
    expect(parseSize('1.5g')).toBe(1_500_000_000);
    expect(parseSize('20000')).toBe(20_000);
    expect(parseSize(' 2 kib ')).toBe(2048);
  });

  it('refuses what is not a size', () => {
    for (const bad of ['', 'MB', '-5MB', '5 parsecs', '0', '1e3MB'])
      expect(parseSize(bad)).toBeNull();
  });
});
