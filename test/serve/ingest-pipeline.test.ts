import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { BadBatchError, IngestPipeline, IngestUnavailableError } from '../../src/serve/index.js';
import { ServerMetrics } from '../../src/serve/metrics.js';
import { SinkDispatcher } from '../../src/sink/index.js';
import type { SourceEvent } from '../../src/source/types.js';
import { openSqliteStore } from '../../src/store/index.js';
import type { AlertStore } from '../../src/store/types.js';
import { tempFiles } from '../helpers/temp-files.js';
import { allAlerts, chunks, detectionSet, EVENTS, eventList } from './helpers.js';
import { reference } from './reference.js';

const REF = reference(EVENTS, EVENTS.length);
let store: AlertStore | undefined;
afterEach(() => store?.close());

/** The pipeline on a real store whose first `failWrites` writes fail. */
function pipeline(failWrites = 0) {
  const real = openSqliteStore(join(tempFiles('cw-ingest-').dir, 'alerts.db'));
  store = real;
  let failures = failWrites;
  const flaky = new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'recordBatch' && failures > 0)
        return () => (failures--, Promise.reject(new Error('SQLITE_FULL: disk is full')));
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const sinks = new SinkDispatcher([]);
  const deps = { store: flaky, sinks, detection: detectionSet, logger: pino({ level: 'silent' }) };
  return { ingest: new IngestPipeline(deps, new ServerMetrics(sinks)), store: real };
}

describe('IngestPipeline', () => {
  it('answers a body that is not JSON with its position and goes on with the batches queued after it', async () => {
    const { ingest, store } = pipeline();
    const [first, second] = chunks(EVENTS, EVENTS.length >> 1).map(eventList);
    const results = await Promise.allSettled([
      ingest.submit(JSON.stringify(first)),
      ingest.submit('{"kind": "EventList", items: []}'),
      ingest.submit(JSON.stringify({ hello: 'world' })),
      ingest.submit(JSON.stringify(second)),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const [, notJson, notBatch] = results as PromiseRejectedResult[];
    expect(notJson!.reason).toBeInstanceOf(BadBatchError);
    expect(notJson!.reason.message).toMatch(/invalid JSON at column 23/);
    expect(notBatch!.reason).toBeInstanceOf(BadBatchError);
    expect((await allAlerts(store)).map((a) => a.id).sort()).toEqual(
      REF.alerts.map((r) => r.alert.id).sort(),
    );
  });

  it("leaves the follower's events as they were, so a batch refused by the store can be sent again", async () => {
    const { ingest, store } = pipeline(1);
    const events: SourceEvent[] = EVENTS.map((event, i) => ({
      kind: 'event',
      event,
      file: 'audit.log',
      line: i + 1,
      format: 'native',
    }));
    const copy = [...events];
    await expect(ingest.submitEvents(events)).rejects.toBeInstanceOf(IngestUnavailableError);
    expect(events).toEqual(copy);
    expect(await ingest.submitEvents(events)).toMatchObject({ processed: EVENTS.length });
    expect((await allAlerts(store)).map((a) => a.id).sort()).toEqual(
      REF.alerts.map((r) => r.alert.id).sort(),
    );
  });
});
