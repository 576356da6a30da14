import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay } from '../../src/sink/backoff.js';
import { RingQueue } from '../../src/sink/ring-queue.js';

describe('RingQueue', () => {
  it('keeps the newest when dropping the oldest', () => {
    const q = new RingQueue<number>(3, 'dropOldest');
    expect([1, 2, 3, 4, 5].map((n) => q.push(n))).toEqual([undefined, undefined, undefined, 1, 2]);
    expect(q.take(2)).toEqual([3, 4]);
    q.push(6);
    expect(q.take(10)).toEqual([5, 6]);
    expect(q.size).toBe(0);
  });

  it('refuses the newcomer when dropping the newest', () => {
    const q = new RingQueue<number>(2, 'dropNewest');
    expect([1, 2, 3].map((n) => q.push(n))).toEqual([undefined, undefined, 3]);
    expect(q.take(5)).toEqual([1, 2]);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new RingQueue(0, 'dropOldest')).toThrow(RangeError);
  });
});

describe('backoff', () => {
  const policy = { ...DEFAULT_RETRY, initialDelayMs: 100, maxDelayMs: 1000 };

  it('doubles with equal jitter up to the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((r) => retryDelay(policy, r, undefined, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((r) => retryDelay(policy, r, undefined, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelay(policy, 10_000, undefined, () => 1)).toBe(1000);
  });

  it('uses Retry-After instead, capped by maxRetryAfterMs', () => {
    expect(retryDelay(policy, 1, 7000, () => 0)).toBe(7000);
    expect(retryDelay({ ...policy, maxRetryAfterMs: 2000 }, 1, 7000, () => 0)).toBe(2000);
  });

  it('parses Retry-After seconds and HTTP dates, ignoring garbage', () => {
    const now = Date.parse('2026-11-02T09:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
    expect(parseRetryAfter('Mon, 02 Nov 2026 09:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 08:00:00 GMT', now)).toBe(0);
    for (const bad of ['soon', '-1', '', undefined, '1e9x'])
      expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
});
