import { createHash } from 'node:crypto';
import type { Alert } from '../alert/types.js';
import { httpTarget, postJson, redactUrl, type TlsOptions } from './http-post.js';
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';
import type { DeliveryResult, Transport } from './types.js';

export const DELIVERY_HEADER = 'X-Cronwarden-Delivery';

export interface WebhookTransportOptions {
  url: string;
  headers?: Record<string, string>;
  /** HMAC-SHA256 key; when set every request carries the signature and timestamp headers. */
  secret?: string;
  signatureHeader?: string;
  timestampHeader?: string;
  tls?: TlsOptions;
  timeoutMs: number;
  /**
   * 1 (default): the body is one alert object. More: the body is a JSON array of up to this many
   * alerts (whatever was queued), always an array so the receiver's parsing never depends on load.
   */
  batchSize?: number;
  /** Injected for tests: seconds since the epoch. */
  now?: () => number;
}

/**
 * JSON POST of alerts (the docs/alerts.md object, as `scan --format json` prints it). The delivery
 * id header is derived from the alert ids, so retries (and re-sends after a restart) carry the
 * same one and the receiver can de-duplicate; the timestamp and signature are fresh on each
 * attempt so a late retry is not refused as stale.
 */
export function webhookTransport(options: WebhookTransportOptions): Transport {
  const target = httpTarget(options.url, options.timeoutMs, options.tls);
  const batchSize = options.batchSize ?? 1;
  const now = options.now ?? ((): number => Math.floor(Date.now() / 1000));
  return {
    maxBatch: batchSize,
    target: redactUrl(target.url),
    async deliver(alerts: readonly Alert[], signal: AbortSignal): Promise<DeliveryResult> {
      const body = Buffer.from(JSON.stringify(batchSize === 1 ? alerts[0] : alerts));
      const delivery = deliveryId(alerts);
      const headers: Record<string, string> = { ...options.headers, [DELIVERY_HEADER]: delivery };
      if (options.secret !== undefined) {
        const ts = String(now());
        headers[options.timestampHeader ?? TIMESTAMP_HEADER] = ts;
        headers[options.signatureHeader ?? SIGNATURE_HEADER] = signBody(options.secret, ts, body);
      }
      return postJson(target, body, headers, signal);
    },
    async close(): Promise<void> {
      target.agent.destroy();
    },
  };
}

function deliveryId(alerts: readonly Alert[]): string {
  const h = createHash('sha256');
  for (const a of alerts) h.update(`${a.id}\n`);
  return h.digest('hex').slice(0, 32);
}
