import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { tempFiles } from '../helpers/temp-files.js';
import { call } from './http.js';
import { allAlerts, chunks, EVENTS, eventList } from './helpers.js';
import { reference } from './reference.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SIZE = 20;
const BATCHES = chunks(EVENTS, SIZE).map(eventList);
const REF = reference(EVENTS, SIZE);

/** Starts the server process on the store; resolves with it and its port once it listens. */
function start(storePath: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/vite-node'),
    [join(import.meta.dirname, 'server-process.mts'), storePath],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve()
      : child.once('exit', () => resolve()),
  );

describe('a server killed mid-stream', () => {
  it('loses no acknowledged alert and duplicates none after a restart and re-delivery', async () => {
    const storePath = join(tempFiles('cw-serve-crash-').dir, 'alerts.db');
    const acked = new Set<number>();
    const send = async (port: number, b: number) => {
      const res = await call(`http://127.0.0.1:${port}/audit/webhook`, { body: BATCHES[b]! });
      if (res.status === 200) acked.add(b);
      return res.status;
    };

    const first = await start(storePath);
    const killAfter = Math.floor(BATCHES.length / 3);
    for (let b = 0; b < killAfter; b++) expect(await send(first.port, b)).toBe(200);
    // Two batches in flight when the process dies: either may or may not have been recorded.
    const inFlight = [send(first.port, killAfter), send(first.port, killAfter + 1)];
    first.child.kill('SIGKILL');
    await Promise.allSettled(inFlight);
    await exited(first.child);
    expect(acked.size).toBeGreaterThanOrEqual(killAfter);

    const second = await start(storePath);
    try {
      // The API server re-sends what got no 200, then goes on.
      for (let b = 0; b < BATCHES.length; b++)
        if (!acked.has(b)) expect(await send(second.port, b)).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    expect(second.child.exitCode).toBe(0);

    const store = openSqliteStore(storePath);
    try {
      const stored = await allAlerts(store);
      const ids = new Set(stored.map((a) => a.id));
      for (const { alert, batch } of REF.alerts)
        if (acked.has(batch))
          expect(ids.has(alert.id), `${alert.title} of batch ${batch}`).toBe(true);
      expect(ids.size).toBe(stored.length);
      expect(new Set(stored.map((a) => a.auditID)).size).toBe(stored.length);
      expect((await store.stats()).alerts).toBe(stored.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});
