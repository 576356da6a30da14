import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Cronwarden-Signature';
export const TIMESTAMP_HEADER = 'X-Cronwarden-Timestamp';

/**
 * `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>`: the timestamp is signed with the body
 * so a replayed request cannot be passed off as fresh by changing its timestamp header.
 */
export function signBody(secret: string | Buffer, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export interface VerifyOptions {
  /** Oldest accepted request, in seconds either way of now (default 300). */
  toleranceSeconds?: number;
  now?: number;
}

/**
 * What a receiver does (docs/sinks.md): recompute over the raw body bytes, compare in constant
 * time, refuse stale timestamps. Exported for receivers written in TypeScript and for the tests.
 */
export function verifySignature(
  secret: string | Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
  body: Buffer,
  options: VerifyOptions = {},
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const age = Math.abs((options.now ?? Date.now()) / 1000 - Number(timestamp));
  if (age > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
