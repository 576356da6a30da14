import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSink, sinkConfigSchema } from '../../src/sink/index.js';
import { verifySignature } from '../../src/sink/signature.js';
import { Receiver, selfSignedCert } from '../sink/helpers/receiver.js';
import { makeCerts, type TestCerts } from './certs.js';
import { call, waitFor } from './http.js';
import { chunks, EVENTS, eventList, startServer, type TestServer } from './helpers.js';

const SECRET = 'e2e-hmac-secret-0123456789';
let certs: TestCerts;
let receiver: Receiver;
let server: TestServer;

beforeAll(async () => {
  certs = makeCerts();
  const receiverTls = selfSignedCert();
  receiver = await new Receiver(receiverTls).start();
  const hook = createSink(
    sinkConfigSchema.parse({
      type: 'webhook',
      name: 'soc',
      url: receiver.url,
      hmac: { secret: SECRET },
      tls: { caFile: receiverTls.certFile },
    }),
    { logger: { warn: () => undefined } },
  );
  server = await startServer({ certs, extraSinks: [hook] });
});
afterAll(async () => {
  await server.close();
  await receiver.stop();
});

describe('alerts reach a signed HTTPS webhook sink', () => {
  it('delivers every stored alert once, signed, after the batch was acknowledged', async () => {
    for (const batch of chunks(EVENTS, 50).map(eventList)) {
      const res = await call(`${server.url}/audit/webhook`, { body: batch, ca: certs.ca });
      expect(res.status, res.text).toBe(200);
    }
    const api = await call(`${server.url}/api/alerts?limit=1000`, { ca: certs.ca });
    const stored = (api.json.alerts as { id: string }[]).map((a) => a.id).sort();
    expect(stored.length).toBeGreaterThan(20);
    await waitFor(
      () => (receiver.requests.length >= stored.length ? true : undefined),
      'webhook deliveries',
    );
    const delivered = receiver.requests.map((r) => {
      expect(
        verifySignature(
          SECRET,
          r.headers['x-cronwarden-timestamp'] as string,
          r.headers['x-cronwarden-signature'] as string,
          r.body,
        ),
      ).toBe(true);
      return (JSON.parse(r.body.toString('utf8')) as { id: string }).id;
    });
    expect(delivered.sort()).toEqual(stored);
  });
});
