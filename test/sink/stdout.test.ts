import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { formatAlertJson } from '../../src/sink/json.js';
import { QueuedSink } from '../../src/sink/queued-sink.js';
import { stdoutTransport } from '../../src/sink/stdout.js';
import { exampleAlerts, manyAlerts } from './helpers/alerts.js';
import { instantSleep, memoryLogger } from './helpers/logger.js';

function sinkOn(stream: Writable, queue = { maxSize: 10_000 }) {
  const logger = memoryLogger();
  const s = new QueuedSink(
    stdoutTransport({ stream }),
    { name: 'stdout', type: 'stdout', queue, retry: { maxAttempts: 3 } },
    { logger, sleep: instantSleep().sleep },
  );
  return { s, logger };
}

describe('stdout sink', () => {
  it('prints exactly what scan --format json prints', async () => {
    const alerts = await exampleAlerts();
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const { s } = sinkOn(out);
    for (const a of alerts) s.send(a);
    await s.close();
    expect(text).toBe(alerts.map(formatAlertJson).join(''));
    expect(s.stats()).toMatchObject({ sent: alerts.length, failed: 0 });
  });

  it('waits for a slow reader instead of buffering without bound', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const { s } = sinkOn(out, { maxSize: 5 });
    const alerts = await manyAlerts(30);
    for (const a of alerts.slice(0, 5)) s.send(a);
    await vi.waitFor(() => expect(s.stats().inFlight).toBeGreaterThan(0));
    // Nobody reads: the worker is parked on drain, so later alerts meet the queue bound.
    for (const a of alerts.slice(5)) s.send(a);
    expect(s.stats().dropped.queueFull).toBeGreaterThan(0);
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    await s.flush();
    const st = s.stats();
    expect(st.sent + st.dropped.queueFull).toBe(30);
    expect(text.split('\n').filter(Boolean)).toHaveLength(st.sent);
    await s.close();
  });

  it('counts a closed pipe (EPIPE) as failed without retrying or crashing', async () => {
    const broken = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const { s, logger } = sinkOn(broken);
    const alerts = await manyAlerts(2);
    for (const a of alerts) s.send(a);
    await s.flush();
    expect(s.stats()).toMatchObject({ sent: 0, failed: 2, retried: 0 });
    expect(logger.lines[0]!.obj).toMatchObject({ retryable: false, reason: 'stdout: write EPIPE' });
    await s.close();
  });
});
