import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alert/types.js';
import { fileTransport, rotatedPath, type FileTransportOptions } from '../../src/sink/file.js';
import { formatAlertJson } from '../../src/sink/json.js';
import { QueuedSink } from '../../src/sink/queued-sink.js';
import { tempFiles } from '../helpers/temp-files.js';
import { manyAlerts } from './helpers/alerts.js';
import { instantSleep, memoryLogger } from './helpers/logger.js';

function fileSink(options: Partial<FileTransportOptions> & { path: string }, maxBatch = 7) {
  const logger = memoryLogger();
  const s = new QueuedSink(
    fileTransport({ maxBytes: 1 << 20, keep: 3, fsync: 'batch', maxBatch, ...options }),
    { name: 'file', type: 'file', retry: { maxAttempts: 2 } },
    { logger, sleep: instantSleep().sleep },
  );
  return { s, logger };
}

function linesOf(path: string): Alert[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n') || text === '').toBe(true);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);
}

describe('file sink', () => {
  it('writes scan --format json lines, creating folders', async () => {
    const { dir } = tempFiles('cw-file-');
    const path = join(dir, 'a', 'b', 'alerts.jsonl');
    const alerts = await manyAlerts(3);
    const { s } = fileSink({ path });
    for (const a of alerts) s.send(a);
    await s.close();
    expect(readFileSync(path, 'utf8')).toBe(alerts.map(formatAlertJson).join(''));
    expect(s.stats()).toMatchObject({ sent: 3, failed: 0 });
  });

  it('rotates by size: every alert exactly once across the files, in order', async () => {
    const { dir } = tempFiles('cw-file-');
    const path = join(dir, 'alerts.jsonl');
    const alerts = await manyAlerts(60);
    const lineBytes = Math.max(...alerts.map((a) => Buffer.byteLength(formatAlertJson(a))));
    const maxBytes = lineBytes * 4;
    const { s } = fileSink({ path, maxBytes, keep: 100 });
    for (const a of alerts) s.send(a);
    await s.close();
    const files = readdirSync(dir).sort();
    expect(files.length).toBeGreaterThan(10);
    // Oldest first: alerts.N.jsonl … alerts.1.jsonl, then the active alerts.jsonl.
    const rotated = files.length - 1;
    const order = [
      ...Array.from({ length: rotated }, (_, i) => rotatedPath(path, rotated - i)),
      path,
    ];
    expect(order.map((p) => p.slice(dir.length + 1)).sort()).toEqual(files);
    const seen = order.flatMap(linesOf).map((a) => a.id);
    expect(seen).toEqual(alerts.map((a) => a.id));
    for (const p of order) expect(readFileSync(p).length).toBeLessThanOrEqual(maxBytes);
    expect(s.stats()).toMatchObject({ sent: 60, failed: 0 });
  });

  it('keeps only N rotated files, the newest, each alert at most once', async () => {
    const { dir } = tempFiles('cw-file-');
    const path = join(dir, 'alerts.jsonl');
    const alerts = await manyAlerts(40);
    const lineBytes = Math.max(...alerts.map((a) => Buffer.byteLength(formatAlertJson(a))));
    const { s } = fileSink({ path, maxBytes: lineBytes * 3, keep: 2 });
    for (const a of alerts) s.send(a);
    await s.close();
    expect(readdirSync(dir).sort()).toEqual(['alerts.1.jsonl', 'alerts.2.jsonl', 'alerts.jsonl']);
    const seen = [rotatedPath(path, 2), rotatedPath(path, 1), path]
      .flatMap(linesOf)
      .map((a) => a.id);
    expect(seen).toEqual(alerts.slice(alerts.length - seen.length).map((a) => a.id));
    expect(seen.length).toBeGreaterThanOrEqual(7);
  });

  it('writes a line larger than maxBytes alone rather than splitting it', async () => {
    const { dir } = tempFiles('cw-file-');
    const path = join(dir, 'alerts.jsonl');
    const alerts = await manyAlerts(3);
    const { s } = fileSink({ path, maxBytes: 10, keep: 5 }, 1);
    for (const a of alerts) s.send(a);
    await s.close();
    expect(
      [rotatedPath(path, 2), rotatedPath(path, 1), path].map((p) => linesOf(p).length),
    ).toEqual([1, 1, 1]);
  });

  it('appends to an existing file, repairing a line an earlier crash cut short', async () => {
    const { dir } = tempFiles('cw-file-');
    const path = join(dir, 'alerts.jsonl');
    writeFileSync(path, '{"id":"cw-cut');
    const [a] = await manyAlerts(1);
    const { s } = fileSink({ path });
    s.send(a!);
    await s.close();
    expect(readFileSync(path, 'utf8')).toBe(`{"id":"cw-cut\n${formatAlertJson(a!)}`);
  });

  it('reports an unwritable path as failed and logged, never thrown', async () => {
    const { file } = tempFiles('cw-file-');
    const blocker = file('not-a-dir', 'x');
    const [a] = await manyAlerts(1);
    const { s, logger } = fileSink({ path: join(blocker, 'alerts.jsonl') });
    expect(() => s.send(a!)).not.toThrow();
    await s.flush();
    expect(s.stats()).toMatchObject({ sent: 0, failed: 1, retried: 1 });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.obj).toMatchObject({ alertId: a!.id, attempts: 2 });
    expect(String(logger.lines[0]!.obj.reason)).toMatch(/^file: .*(ENOTDIR|EEXIST)/);
    await s.close();
  });
});
