import { afterEach, describe, expect, it } from 'vitest';
import { RUN_FACTS_MEMO } from '../../src/normalize/container-run.js';
import { GenerationCache, memoStats, setNormalizeMemo } from '../../src/normalize/memo.js';
import { normalize } from '../../src/normalize/index.js';

afterEach(() => setNormalizeMemo(true));

function pod(container: Record<string, unknown>) {
  return {
    verb: 'create',
    objectRef: { resource: 'pods', namespace: 'ns' },
    requestObject: { metadata: { name: 'p' }, spec: { containers: [container] } },
  };
}

describe('GenerationCache', () => {
  it('holds at most two generations of entries', () => {
    const cache = new GenerationCache<number>(10, 1_000_000);
    for (let i = 0; i < 1000; i++) {
      cache.set(`k${i}`, i, 1);
      expect(cache.size).toBeLessThanOrEqual(20);
    }
    expect(cache.get('k999')).toBe(999);
    expect(cache.get('k0')).toBeUndefined();
  });

  it('holds at most two generations of weight, and nothing heavier than one', () => {
    const cache = new GenerationCache<string>(1000, 100);
    for (let i = 0; i < 1000; i++) {
      cache.set(`k${i}`, 'v', 30);
      expect(cache.weight).toBeLessThanOrEqual(200);
    }
    cache.set('heavy', 'v', 101);
    expect(cache.get('heavy')).toBeUndefined();
  });

  it('keeps an entry still in use when its generation is dropped', () => {
    const cache = new GenerationCache<number>(4, 1_000_000);
    cache.set('hot', 1, 1);
    for (let i = 0; i < 100; i++) {
      cache.set(`k${i}`, i, 1);
      expect(cache.get('hot')).toBe(1);
    }
    expect(cache.hits).toBe(100);
  });
});

describe('normalizer memo bounds', () => {
  it('stays within its entry cap however many distinct containers go by', () => {
    setNormalizeMemo(true);
    const cap = 2 * RUN_FACTS_MEMO.entries;
    for (let i = 0; i < 3 * cap; i++) {
      normalize(pod({ name: 'c', image: 'busybox', args: ['sh', '-c', `echo ${i}`] }));
      expect(memoStats().entries).toBeLessThanOrEqual(cap);
    }
    expect(memoStats().weight).toBeLessThanOrEqual(2 * RUN_FACTS_MEMO.weight);
  });

  it('does not keep containers whose command is over the key size', () => {
    setNormalizeMemo(true);
    const huge = `echo ${'A'.repeat(RUN_FACTS_MEMO.keyChars)}`;
    const facts = normalize(pod({ name: 'c', image: 'busybox', args: ['sh', '-c', huge] }));
    expect(memoStats().entries).toBe(0);
    expect(facts.facts.workload!.containers[0]!.commandLine).toBe(`sh -c ${huge}`);
  });

  it('does not keep containers with thousands of tiny arguments either', () => {
    setNormalizeMemo(true);
    normalize(pod({ name: 'c', image: 'busybox', args: Array(5000).fill('') }));
    expect(memoStats().entries).toBe(0);
  });
});
