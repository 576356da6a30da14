import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../src/alert/types.js';
import { formatAlertJson } from '../../src/sink/json.js';
import { QueuedSink } from '../../src/sink/queued-sink.js';
import { signBody, verifySignature } from '../../src/sink/signature.js';
import type { SinkStats } from '../../src/sink/types.js';
import { webhookTransport, type WebhookTransportOptions } from '../../src/sink/webhook.js';
import { exampleAlerts } from './helpers/alerts.js';
import { instantSleep, memoryLogger } from './helpers/logger.js';
import { Receiver, selfSignedCert, type Answer, type Tls } from './helpers/receiver.js';

const SECRET = 'test-secret-0123456789';
let tls: Tls;
let alert: Alert;
const receivers: Receiver[] = [];
const sinks: QueuedSink[] = [];

beforeAll(async () => {
  tls = selfSignedCert();
  alert = (await exampleAlerts())[0]!;
});
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close(100)));
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

async function receiver(answer?: (n: number) => Answer): Promise<Receiver> {
  const r = await new Receiver(tls, answer).start();
  receivers.push(r);
  return r;
}

function sink(
  url: string,
  opts: Partial<WebhookTransportOptions> = {},
  retry: { maxAttempts?: number; initialDelayMs?: number } = {},
) {
  const logger = memoryLogger();
  const clock = instantSleep();
  const s = new QueuedSink(
    webhookTransport({ url, timeoutMs: 5000, tls: { caFile: tls.certFile }, ...opts }),
    { name: 'hook', type: 'webhook', retry },
    { logger, sleep: clock.sleep },
  );
  sinks.push(s);
  return { s, logger, delays: clock.delays };
}

const settled = (st: SinkStats): number =>
  st.sent + st.failed + Object.values(st.dropped).reduce((a, b) => a + b, 0);

describe('webhook sink over HTTPS', () => {
  it('POSTs the alert JSON with configured headers and a verifiable HMAC signature', async () => {
    const r = await receiver();
    const { s } = sink(r.url, { secret: SECRET, headers: { Authorization: 'Bearer t0ken' } });
    s.send(alert);
    await s.flush();
    expect(s.stats()).toMatchObject({ sent: 1, failed: 0, retried: 0 });
    const got = r.requests[0]!;
    expect(got.body.toString()).toBe(formatAlertJson(alert).trimEnd());
    expect(JSON.parse(got.body.toString())).toEqual(alert);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers.authorization).toBe('Bearer t0ken');
    expect(got.headers['x-cronwarden-delivery']).toMatch(/^[0-9a-f]{32}$/);
    const ts = got.headers['x-cronwarden-timestamp'] as string;
    const sig = got.headers['x-cronwarden-signature'] as string;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(600);
    // Recomputed independently of signBody: HMAC-SHA256 over "<timestamp>.<raw body>".
    const { createHmac } = await import('node:crypto');
    const mac = createHmac('sha256', SECRET).update(`${ts}.`).update(got.body).digest('hex');
    expect(sig).toBe(`sha256=${mac}`);
    expect(verifySignature(SECRET, ts, sig, got.body)).toBe(true);
    expect(verifySignature('another-secret-xxxxxx', ts, sig, got.body)).toBe(false);
    expect(verifySignature(SECRET, String(Number(ts) - 1), sig, got.body)).toBe(false);
    expect(verifySignature(SECRET, ts, sig, Buffer.concat([got.body, Buffer.from(' ')]))).toBe(
      false,
    );
    const stale = String(Number(ts) - 3600);
    expect(verifySignature(SECRET, stale, signBody(SECRET, stale, got.body), got.body)).toBe(false);
  });

  it('sends no signature headers without a secret', async () => {
    const r = await receiver();
    const { s } = sink(r.url);
    s.send(alert);
    await s.flush();
    expect(r.requests[0]!.headers['x-cronwarden-signature']).toBeUndefined();
    expect(r.requests[0]!.headers['x-cronwarden-timestamp']).toBeUndefined();
  });

  it('batches queued alerts into one JSON array when batchSize > 1', async () => {
    const r = await receiver();
    const alerts = await exampleAlerts();
    const { s } = sink(r.url, { batchSize: 10, secret: SECRET });
    for (const a of alerts) s.send(a);
    await s.flush();
    expect(s.stats().sent).toBe(alerts.length);
    const bodies = r.requests.flatMap((q) => JSON.parse(q.body.toString()) as Alert[]);
    expect(bodies.map((a) => a.id)).toEqual(alerts.map((a) => a.id));
  });

  it('retries a 500 with backoff, then succeeds, keeping the delivery id', async () => {
    const r = await receiver((n) => (n < 2 ? { status: 500, body: 'oops' } : { status: 204 }));
    const { s, delays, logger } = sink(r.url, { secret: SECRET }, { maxAttempts: 5 });
    s.send(alert);
    await s.flush();
    expect(s.stats()).toMatchObject({ sent: 1, failed: 0, retried: 2, lastError: null });
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['x-cronwarden-delivery'])).size).toBe(1);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(250); // equal jitter: at least half of 500 ms
    expect(delays[1]).toBeGreaterThanOrEqual(500); // then at least half of 1000 ms
    expect(logger.lines).toEqual([]);
  });

  it('honours Retry-After on 429 and 503 instead of its own backoff', async () => {
    const r = await receiver((n) =>
      n === 0
        ? { status: 429, headers: { 'Retry-After': '2' } }
        : n === 1
          ? { status: 503, headers: { 'Retry-After': '0.25' } }
          : { status: 200 },
    );
    const { s, delays } = sink(r.url, {}, { initialDelayMs: 60_000 });
    s.send(alert);
    await s.flush();
    expect(s.stats()).toMatchObject({ sent: 1, retried: 2 });
    expect(delays).toEqual([2000, 250]);
  });

  it('does not retry a 400: counted as failed and logged with the answer', async () => {
    const r = await receiver(() => ({ status: 400, body: 'bad payload\n' }));
    const { s, logger } = sink(r.url);
    s.send(alert);
    await s.flush();
    expect(r.requests).toHaveLength(1);
    expect(s.stats()).toMatchObject({ sent: 0, failed: 1, retried: 0 });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.obj).toMatchObject({
      sink: 'hook',
      alertId: alert.id,
      status: 400,
      attempts: 1,
      retryable: false,
      reason: 'HTTP 400: bad payload',
    });
    expect(logger.lines[0]!.obj.target).toBe(r.url.replace('/hook', '/…'));
  });

  it('retries 408 but gives up after maxAttempts, logging once', async () => {
    const r = await receiver(() => ({ status: 408 }));
    const { s, logger } = sink(r.url, {}, { maxAttempts: 3 });
    s.send(alert);
    await s.flush();
    expect(r.requests).toHaveLength(3);
    expect(s.stats()).toMatchObject({ failed: 1, retried: 2 });
    expect(logger.lines.map((l) => l.msg)).toEqual(['alert delivery failed after retries']);
  });

  it('times out a receiver that never answers, retries, then fails', async () => {
    const r = await receiver(() => 'hang');
    const { s, logger } = sink(r.url, { timeoutMs: 150 }, { maxAttempts: 2 });
    s.send(alert);
    await s.flush();
    expect(r.requests).toHaveLength(2);
    expect(s.stats()).toMatchObject({ sent: 0, failed: 1, retried: 1 });
    expect(logger.lines[0]!.obj.reason).toBe('timeout after 150 ms');
  });

  it('close() cuts a long backoff short, counting the alert as dropped at shutdown', async () => {
    const r = await receiver(() => ({ status: 503 }));
    const logger = memoryLogger();
    const s = new QueuedSink(
      webhookTransport({ url: r.url, timeoutMs: 5000, tls: { caFile: tls.certFile } }),
      {
        name: 'hook',
        type: 'webhook',
        retry: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
      },
      { logger }, // the real sleep: an hour, unless close() aborts it
    );
    s.send(alert);
    await vi.waitFor(() => expect(s.stats().lastError).toBe('HTTP 503'));
    await s.close(20);
    expect(s.stats()).toMatchObject({ sent: 0, failed: 0, retried: 0, inFlight: 0 });
    expect(s.stats().dropped.shutdown).toBe(1);
    expect(logger.lines[0]).toMatchObject({
      msg: 'alert dropped (still undelivered at shutdown)',
      obj: { alertId: alert.id, cause: 'HTTP 503' },
    });
  });

  it('verifies the server certificate unless insecureSkipVerify is set', async () => {
    const r = await receiver();
    const strict = sink(r.url, { tls: {} }, { maxAttempts: 1 });
    strict.s.send(alert);
    await strict.s.flush();
    expect(strict.s.stats().failed).toBe(1);
    expect(String(strict.logger.lines[0]!.obj.reason)).toMatch(/self[- ]signed|certificate/i);
    const lax = sink(r.url, { tls: { insecureSkipVerify: true } });
    lax.s.send(alert);
    await lax.s.flush();
    expect(lax.s.stats().sent).toBe(1);
  });

  it('presents a client certificate for mutual TLS', async () => {
    const client = selfSignedCert();
    const r = new Receiver(tls, undefined, { clientCa: client.certFile });
    receivers.push(await r.start());
    const without = sink(r.url, {}, { maxAttempts: 1 });
    without.s.send(alert);
    await without.s.flush();
    expect(without.s.stats().failed).toBe(1);
    const withCert = sink(r.url, {
      tls: { caFile: tls.certFile, certFile: client.certFile, keyFile: client.keyFile },
    });
    withCert.s.send(alert);
    await withCert.s.flush();
    expect(withCert.s.stats().sent).toBe(1);
    expect(r.requests).toHaveLength(1);
  });

  it('accounts for every alert: sent + failed + dropped = given', async () => {
    const r = await receiver((n) => (n % 3 === 0 ? { status: 400 } : { status: 200 }));
    const { s } = sink(r.url);
    const alerts = await exampleAlerts();
    for (const a of alerts) s.send(a);
    await vi.waitFor(() => expect(settled(s.stats())).toBe(alerts.length));
  });
});
