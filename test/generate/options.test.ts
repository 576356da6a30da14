import { describe, expect, it } from 'vitest';
import { chooseAttacks, DEFAULT_MIX, parseMix } from '../../src/generate/options.js';
import { SCENARIOS } from '../../src/emulate/catalogue/index.js';

const attacks = SCENARIOS.filter((s) => s.kind === 'attack');

describe('parseMix', () => {
  it('fills unnamed categories from the rest, in proportion to their defaults', () => {
    const mix = parseMix('reads=70,leases=10');
    expect(typeof mix).toBe('object');
    if (typeof mix === 'string') return;
    expect(mix.reads).toBeCloseTo(0.7);
    expect(mix.leases).toBeCloseTo(0.1);
    const rest = DEFAULT_MIX.events + DEFAULT_MIX.workloads + DEFAULT_MIX.other;
    expect(mix.events).toBeCloseTo((0.2 * DEFAULT_MIX.events) / rest);
    expect(Object.values(mix).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('refuses unknown names, shares over 100% and full lists that miss 100%', () => {
    expect(parseMix('writes=10')).toMatch(/expected name=percent/);
    expect(parseMix('reads=90,leases=20')).toMatch(/over 100%/);
    expect(parseMix('reads=50,leases=20,events=8,workloads=3,other=4')).toMatch(/not 100%/);
  });
});

describe('chooseAttacks', () => {
  it('plants every attack scenario by default, none on request', () => {
    expect(chooseAttacks(undefined)).toEqual(attacks);
    expect(chooseAttacks(['all'])).toEqual(attacks);
    expect(chooseAttacks(['none'])).toEqual([]);
    expect(chooseAttacks(['0'])).toEqual([]);
  });

  it('spreads a count over the catalogue and takes ids as given', () => {
    const five = chooseAttacks(['5']);
    expect(Array.isArray(five) && five.length).toBe(5);
    expect(new Set(five as unknown[]).size).toBe(5);
    const ids = chooseAttacks(['hostpath-root-job,crio-socket-pod']);
    expect(Array.isArray(ids) && ids.map((s) => s.id)).toEqual([
      'hostpath-root-job',
      'crio-socket-pod',
    ]);
  });

  it('refuses unknown and benign scenarios', () => {
    expect(chooseAttacks(['no-such-thing'])).toMatch(/unknown scenario/);
    expect(chooseAttacks(['noise-configmap-get'])).toMatch(/not attack scenarios/);
  });
});
