import { afterEach, describe, expect, it } from 'vitest';
import type { AlertStore } from '../../src/store/types.js';
import { call } from './http.js';
import { allAlerts, chunks, EVENTS, eventList, startServer, type TestServer } from './helpers.js';
import { reference } from './reference.js';

const SIZE = 40;
const BATCHES = chunks(EVENTS, SIZE).map(eventList);
const REF = reference(EVENTS, SIZE);

/** The real store, whose recordBatch fails on the calls listed (1-based). */
function failing(calls: Set<number>) {
  let n = 0;
  return (store: AlertStore): AlertStore =>
    new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'recordBatch')
          return async (...args: Parameters<AlertStore['recordBatch']>) => {
            if (calls.has(++n)) throw new Error('SQLITE_FULL: database or disk is full');
            return target.recordBatch(...args);
          };
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

let server: TestServer | undefined;
afterEach(() => server?.close());

describe('a store that fails', () => {
  it('answers 503, then records the retried batch completely, with no loss and no duplicate', async () => {
    // The 2nd and 3rd writes fail: a batch, then its first retry.
    server = await startServer({ wrapStore: failing(new Set([2, 3])) });
    const url = `${server.url}/audit/webhook`;
    const statuses: number[] = [];
    for (const batch of BATCHES) {
      // The API server's batch backend: re-send until 200.
      for (let attempt = 0; ; attempt++) {
        const res = await call(url, { body: batch });
        statuses.push(res.status);
        if (res.status === 200) break;
        expect(res.status).toBe(503);
        expect(attempt).toBeLessThan(3);
      }
    }
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    const stored = await allAlerts(server.store);
    expect(stored.map((a) => a.id).sort()).toEqual(REF.alerts.map((r) => r.alert.id).sort());
    for (const { alert } of REF.alerts)
      expect((await server.store.getAlert(alert.id))?.relatedCount, alert.id).toBe(
        alert.relatedCount,
      );
    const metrics = await call(`${server.url}/metrics`);
    expect(metrics.text).toMatch(/cronwarden_audit_batches_total\{result="store_error"\} 2/);
    expect(metrics.text).toMatch(
      new RegExp(`cronwarden_audit_batches_total\\{result="recorded"\\} ${BATCHES.length}\\b`),
    );
  });

  it('reports not ready while the store refuses writes, and leaks no path or SQLite detail', async () => {
    server = await startServer({ wrapStore: failing(new Set([1])) });
    const url = `${server.url}/audit/webhook`;
    const refused = await call(url, { body: BATCHES[0]! });
    expect(refused.status).toBe(503);
    expect(refused.text).not.toMatch(/SQLITE|alerts\.db|\//);
    expect((await call(`${server.url}/readyz`, {})).status).toBe(503);
    expect((await call(url, { body: BATCHES[0]! })).status).toBe(200);
    expect((await call(`${server.url}/readyz`, {})).status).toBe(200);
  });

  it('sheds batches past the queue bound with 503 and Retry-After, before reading them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A store whose writes wait: batches pile up in the queue.
    const slow = (store: AlertStore): AlertStore =>
      new Proxy(store, {
        get(target, key, receiver) {
          if (key === 'recordBatch')
            return async (...args: Parameters<AlertStore['recordBatch']>) => {
              await gate;
              return target.recordBatch(...args);
            };
          const value: unknown = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    server = await startServer({ wrapStore: slow, maxQueuedBatches: 2 });
    const url = `${server.url}/audit/webhook`;
    const first = [call(url, { body: BATCHES[0]! }), call(url, { body: BATCHES[1]! })];
    await new Promise((r) => setTimeout(r, 200));
    const shed = await call(url, { body: BATCHES[2]! });
    expect(shed.status).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    expect((await call(url, { body: BATCHES[2]! })).status).toBe(200);
  });
});
