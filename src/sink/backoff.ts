export interface RetryPolicy {
  /** Attempts in total, the first included (1 = never retry). */
  maxAttempts: number;
  /** Backoff before the first retry; doubles each time. */
  initialDelayMs: number;
  /** Ceiling of the exponential backoff. */
  maxDelayMs: number;
  /** Ceiling of a receiver's Retry-After, so one answer cannot park the sink for hours. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/**
 * Delay before retry number `retry` (1-based): exponential with "equal jitter" — half fixed, half
 * random — so senders that failed together spread out yet the wait still grows every time.
 * A receiver's Retry-After replaces it (it knows its own load better), within the ceiling.
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined)
    return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const exp = policy.initialDelayMs * 2 ** Math.min(retry - 1, 30);
  const cap = Math.min(policy.maxDelayMs, exp);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Fractional
 * seconds are accepted too, though not standard. Anything else is ignored (undefined).
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number,
): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // Date.parse accepts nearly anything ("-1" is year -1): require the HTTP-date shape.
  if (!/^[A-Za-z]{3},? .*\d{2}:\d{2}:\d{2}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
