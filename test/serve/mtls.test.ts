import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts, type TestCerts } from './certs.js';
import { call } from './http.js';
import { EVENTS, eventList, startServer, type TestServer } from './helpers.js';

const TOKEN = 'another-audit-token';
let certs: TestCerts;
let server: TestServer;

beforeAll(async () => {
  certs = makeCerts();
  server = await startServer({ certs, mtls: true, auditToken: TOKEN });
});
afterAll(() => server.close());

describe('with a client CA', () => {
  const batch = eventList(EVENTS.slice(0, 5));
  const review = readFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'admission', 'cronjob-create-benign.json'),
    'utf8',
  );
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('accepts the API server holding a client certificate from the CA', async () => {
    const client = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey };
    expect(
      (await call(`${server.url}/audit/webhook`, { ...client, body: batch, headers: auth })).status,
    ).toBe(200);
    expect(
      (await call(`${server.url}/admission/validate`, { ...client, body: review })).status,
    ).toBe(200);
    expect((await call(`${server.url}/api/alerts`, client)).status).toBe(200);
  });

  it('refuses callers without a certificate, or with one from another CA', async () => {
    for (const client of [
      { ca: certs.ca },
      { ca: certs.ca, cert: certs.rogueCert, key: certs.rogueKey },
    ]) {
      const webhook = await call(`${server.url}/audit/webhook`, {
        ...client,
        body: batch,
        headers: auth,
      });
      expect(webhook.status).toBe(403);
      expect(
        (await call(`${server.url}/admission/validate`, { ...client, body: review })).status,
      ).toBe(403);
      expect((await call(`${server.url}/api/alerts`, client)).status).toBe(403);
      expect((await call(`${server.url}/healthz`, client)).status).toBe(200);
      expect((await call(`${server.url}/readyz`, client)).status).toBe(200);
      expect((await call(`${server.url}/metrics`, client)).status).toBe(200);
    }
  });

  it('still requires the token from a certified caller', async () => {
    const client = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey };
    expect((await call(`${server.url}/audit/webhook`, { ...client, body: batch })).status).toBe(
      401,
    );
  });
});
