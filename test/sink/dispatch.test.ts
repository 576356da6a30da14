import { PassThrough } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SinkDispatcher } from '../../src/sink/dispatcher.js';
import { formatAlertJson } from '../../src/sink/json.js';
import { QueuedSink } from '../../src/sink/queued-sink.js';
import { stdoutTransport } from '../../src/sink/stdout.js';
import type { Sink } from '../../src/sink/types.js';
import { webhookTransport } from '../../src/sink/webhook.js';
import { manyAlerts } from './helpers/alerts.js';
import { memoryLogger } from './helpers/logger.js';
import { Receiver, selfSignedCert, type Tls } from './helpers/receiver.js';

let tls: Tls;
const cleanup: (() => Promise<void>)[] = [];
beforeAll(() => {
  tls = selfSignedCert();
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function hangingReceiver(): Promise<Receiver> {
  const r = await new Receiver(tls, () => 'hang').start();
  cleanup.push(() => r.stop());
  return r;
}

function webhookSink(
  url: string,
  queue: { maxSize: number; whenFull?: 'dropOldest' | 'dropNewest' },
) {
  const logger = memoryLogger();
  const s = new QueuedSink(
    webhookTransport({ url, timeoutMs: 60_000, tls: { caFile: tls.certFile } }),
    { name: 'slow', type: 'webhook', queue, retry: { maxAttempts: 1 } },
    { logger },
  );
  cleanup.push(() => s.close(50));
  return { s, logger };
}

function memorySink() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const s = new QueuedSink(
    stdoutTransport({ stream: out }),
    { name: 'fast', type: 'stdout' },
    { logger: memoryLogger() },
  );
  cleanup.push(() => s.close(50));
  return { s, text: () => text };
}

describe('bounded queue', () => {
  it('drops the oldest when full, counting and logging each drop', async () => {
    const r = await hangingReceiver();
    const { s, logger } = webhookSink(r.url, { maxSize: 3 });
    const alerts = await manyAlerts(10);
    s.send(alerts[0]!);
    await vi.waitFor(() => expect(r.requests).toHaveLength(1)); // alert 0 is now in flight
    for (const a of alerts.slice(1)) s.send(a);
    expect(s.stats()).toMatchObject({ queueDepth: 3, inFlight: 1, dropped: { queueFull: 6 } });
    expect(logger.lines.map((l) => l.obj.alertId)).toEqual(alerts.slice(1, 7).map((a) => a.id));
    expect(logger.lines[0]).toMatchObject({
      msg: 'alert dropped (sink queue full)',
      obj: { sink: 'slow', dropReason: 'queueFull' },
    });
    await s.close(50);
    const st = s.stats();
    // The one in flight and the three queued are abandoned at shutdown, and said so.
    expect(st).toMatchObject({ sent: 0, failed: 0, queueDepth: 0, inFlight: 0 });
    expect(st.dropped).toEqual({ queueFull: 6, closed: 0, shutdown: 4 });
    expect(logger.lines.slice(6).map((l) => l.obj.alertId)).toEqual(
      [alerts[0]!, ...alerts.slice(7)].map((a) => a.id),
    );
  });

  it('drops the newest instead when configured', async () => {
    const r = await hangingReceiver();
    const { s, logger } = webhookSink(r.url, { maxSize: 2, whenFull: 'dropNewest' });
    const alerts = await manyAlerts(6);
    s.send(alerts[0]!);
    await vi.waitFor(() => expect(r.requests).toHaveLength(1));
    for (const a of alerts.slice(1)) s.send(a);
    expect(s.stats().dropped.queueFull).toBe(3);
    expect(logger.lines.map((l) => l.obj.alertId)).toEqual(alerts.slice(3).map((a) => a.id));
  });

  it('counts alerts sent after close as dropped, never throws', async () => {
    const fast = memorySink();
    const [a] = await manyAlerts(1);
    await fast.s.close();
    expect(() => fast.s.send(a!)).not.toThrow();
    expect(fast.s.stats().dropped.closed).toBe(1);
  });

  it('filters alerts below minSeverity without counting them as dropped', async () => {
    const out = new PassThrough();
    const s = new QueuedSink(
      stdoutTransport({ stream: out }),
      { name: 'x', type: 'stdout', minSeverity: 'critical' },
      { logger: memoryLogger() },
    );
    const alerts = await manyAlerts(5);
    for (const a of alerts) s.send(a);
    await s.close();
    const critical = alerts.filter((a) => a.severity === 'critical').length;
    expect(s.stats()).toMatchObject({ sent: critical, filtered: alerts.length - critical });
  });
});

describe('SinkDispatcher', () => {
  it('a sink stuck on a receiver that never answers does not delay another', async () => {
    const r = await hangingReceiver();
    const slow = webhookSink(r.url, { maxSize: 100 });
    const fast = memorySink();
    const dispatcher = new SinkDispatcher([slow.s, fast.s]);
    const alerts = await manyAlerts(20);
    for (const a of alerts) dispatcher.dispatch(a);
    await fast.s.flush();
    expect(fast.text()).toBe(alerts.map(formatAlertJson).join(''));
    // The slow sink's first request is held by the receiver until released below.
    await vi.waitFor(() => expect(r.requests).toHaveLength(1));
    const stats = dispatcher.stats();
    expect(stats.fast).toMatchObject({ sent: 20, queueDepth: 0 });
    expect(stats.slow).toMatchObject({ sent: 0, inFlight: 1, queueDepth: 19 });
    r.setAnswer(() => ({ status: 200 }));
    r.release();
    await dispatcher.flush();
    expect(dispatcher.stats().slow).toMatchObject({ sent: 20, failed: 0 });
    await dispatcher.close();
  });

  it('keeps delivering to the others when one sink throws', async () => {
    const fast = memorySink();
    const broken: Sink = {
      name: 'broken',
      type: 'test',
      send: () => {
        throw new Error('contract broken');
      },
      flush: async () => {},
      close: async () => {},
      stats: () => fast.s.stats(),
    };
    const dispatcher = new SinkDispatcher([broken, fast.s]);
    const [a] = await manyAlerts(1);
    expect(() => dispatcher.dispatch(a!)).not.toThrow();
    await dispatcher.flush();
    expect(fast.text()).toBe(formatAlertJson(a!));
  });

  it('refuses two sinks with one name', () => {
    const a = memorySink();
    expect(() => new SinkDispatcher([a.s, a.s])).toThrow(/named "fast"/);
  });
});
