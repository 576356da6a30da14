import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts, type TestCerts } from './certs.js';
import { call, waitFor } from './http.js';
import { allAlerts, chunks, EVENTS, eventList, startServer, type TestServer } from './helpers.js';
import { reference } from './reference.js';

const SIZE = 40;
const BATCHES = chunks(EVENTS, SIZE).map(eventList);
const REF = reference(EVENTS, SIZE);
const TOKEN = 's3cret-audit-token';

let certs: TestCerts;
let server: TestServer;
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call(`${server.url}/audit/webhook`, {
    body: body as object,
    ca: certs.ca,
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
  });

beforeAll(async () => {
  certs = makeCerts();
  server = await startServer({ certs, auditToken: TOKEN });
});
afterAll(() => server.close());

describe('POST /audit/webhook over HTTPS', () => {
  it('stores every alert of the scenario catalogue, each once, and sends them to the sinks', async () => {
    expect(REF.alerts.length).toBeGreaterThan(20);
    for (const batch of BATCHES) {
      const res = await post(batch);
      expect(res.status, res.text).toBe(200);
      expect(res.json.processed).toBe(batch.items.length);
    }
    const stored = await allAlerts(server.store);
    expect(stored.map((a) => a.id).sort()).toEqual(REF.alerts.map((r) => r.alert.id).sort());
    const api = await call(`${server.url}/api/alerts?limit=1000`, {
      ca: certs.ca,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(api.status).toBe(200);
    expect(api.json.alerts.map((a: { id: string }) => a.id)).toEqual(stored.map((a) => a.id));
    expect(api.json.alerts[0].status).toBe('new');
    const lines = await waitFor(() => {
      const text = readFileSync(server.sinkPath, 'utf8').trim().split('\n').filter(Boolean);
      return text.length >= REF.alerts.length ? text : undefined;
    }, 'the file sink');
    expect(lines).toHaveLength(REF.alerts.length);
    const first = REF.alerts[0]!.alert;
    const raw = await server.store.getRawEvents(first.id);
    expect(raw.map((r) => r.auditID)).toContain(first.auditID);
  });

  it('attaches follow-ups that come in later batches to the alert stored earlier', async () => {
    const later = REF.alerts.filter(({ alert, batch }) =>
      (REF.followUpBatches.get(alert.id) ?? []).some((b) => b > batch),
    );
    expect(later.length).toBeGreaterThan(0);
    for (const { alert } of REF.alerts) {
      const stored = await server.store.getAlert(alert.id);
      expect(stored?.relatedCount, alert.id).toBe(alert.relatedCount);
      expect(stored?.related.map((r) => r.auditID)).toEqual(alert.related.map((r) => r.auditID));
    }
  });

  it('does not duplicate anything when batches are delivered again', async () => {
    const before = await server.store.stats();
    for (const batch of BATCHES) expect((await post(batch)).status).toBe(200);
    const after = await server.store.stats();
    expect(after.alerts).toBe(before.alerts);
    expect(after.followUps).toBe(before.followUps);
    expect(after.rawEvents).toBe(before.rawEvents);
  });

  it('counts malformed events, logs their path and processes the rest', async () => {
    const good = EVENTS.slice(0, 3);
    const res = await post(eventList([good[0], 42, { kind: 'Event' }, good[1], 'x', good[2]]));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: 6, processed: 3, malformed: 3 });
    const logged = server.logs.filter((l) => l.msg === 'malformed event in audit batch');
    expect(logged.map((l) => l.path)).toEqual(
      expect.arrayContaining(['$.items[1]', '$.items[2]', '$.items[4]']),
    );
    // A single Event and a bare array are batches too.
    expect((await post(good[0])).json).toMatchObject({ received: 1, processed: 1 });
    expect((await post([good[1], null])).json).toMatchObject({ processed: 1, malformed: 1 });
  });

  it('refuses bodies that are not an audit batch, not JSON, too large or not JSON-typed', async () => {
    const notBatch = await post({ hello: 'world' });
    expect(notBatch.status).toBe(400);
    expect(notBatch.json.message).toMatch(/not a Kubernetes audit event/);
    const notJson = await post('{"kind": "EventList", items: []}');
    expect(notJson.status).toBe(400);
    expect(notJson.json.message).toMatch(/invalid JSON at column/);
    const typed = await post('{}', { 'content-type': 'text/plain' });
    expect(typed.status).toBe(415);
    const huge = await post(eventList(Array.from({ length: 20_000 }, () => EVENTS[0])));
    expect(huge.status).toBe(413);
  });

  it('requires the bearer token', async () => {
    const none = await call(`${server.url}/audit/webhook`, { body: BATCHES[0]!, ca: certs.ca });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect((await post(BATCHES[0]!, { authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await post(BATCHES[0]!, { authorization: `Bearer ${TOKEN}x` })).status).toBe(403);
    expect((await post(BATCHES[0]!, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
  });

  it('guards admission and the alerts API with the token too, and leaves probes open', async () => {
    const review = readFileSync(
      new URL('../fixtures/admission/cronjob-create-reverse-shell.json', import.meta.url),
      'utf8',
    );
    const anonymous = await call(`${server.url}/admission/validate`, {
      ca: certs.ca,
      body: review,
    });
    expect(anonymous.status).toBe(401);
    const wrong = await call(`${server.url}/api/alerts`, {
      ca: certs.ca,
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(403);
    const withToken = await call(`${server.url}/admission/validate`, {
      ca: certs.ca,
      body: review,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
    for (const probe of ['/healthz', '/readyz', '/metrics'])
      expect((await call(`${server.url}${probe}`, { ca: certs.ca })).status).toBe(200);
  });
});
