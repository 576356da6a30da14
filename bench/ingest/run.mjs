// One measured run: a fresh server and store, a warm-up, then `senders` concurrent senders for
// `seconds` while a worker thread probes admission latency, then the check that everything the
// engine must have raised was stored.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { URL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openSqliteStore } from '../../dist/store/index.js';
import { reviewOnce } from './admission.mjs';
import { connection, quantile, sender, storedAlerts } from './client.mjs';
import { checkStored } from './expected.mjs';
import { machineBusySeconds, processUsage, startServer } from './server.mjs';

const TOKEN = 'bench-audit-token-0123456789';
const WARMUP_SENDER = 0;
const IDLE_REVIEWS = 300;

/**
 * @returns the run's numbers, `problems` (empty when the store holds exactly what was expected)
 *   and `window`, the measured phase counted back from the server's exit, where a CPU profile
 *   ends.
 */
export async function measureRun({
  rounds,
  expected,
  transport,
  senders,
  seconds,
  cert,
  profile,
  probeIntervalMs,
  nodeFlags = [],
}) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-ingest-bench-'));
  const tls = transport === 'https' ? cert : null;
  const server = await startServer({
    dir,
    token: TOKEN,
    tls,
    nodeFlags: [...nodeFlags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
  });
  const pid = server.child.pid;
  const api = connection({ port: server.port, tls, token: TOKEN });
  try {
    // One pass over every round template first: rule and schedule caches warm, the JIT done,
    // SQLite's file grown, as in a server that has been running for a while.
    const warm = await sender({
      id: WARMUP_SENDER,
      rounds,
      conn: api,
      deadline: 0,
      minRounds: rounds.length,
    });
    const idle = [];
    for (let i = 0; i < IDLE_REVIEWS; i++) idle.push(await reviewOnce(api, 1e6 + i));
    if (idle.includes(null)) throw new Error('an admission review was not allowed');

    const probe = new Worker(new URL('./admission-probe.mjs', import.meta.url), {
      workerData: { port: server.port, tls, token: TOKEN, intervalMs: probeIntervalMs },
    });
    const probed = new Promise((resolve, reject) => {
      probe.once('message', resolve);
      probe.once('error', reject);
    });
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, processUsage(pid).rssBytes ?? 0);
    }, 200);
    const before = processUsage(pid);
    const machineBefore = machineBusySeconds();
    const benchBefore = process.cpuUsage();
    const conns = Array.from({ length: senders }, () =>
      connection({ port: server.port, tls, token: TOKEN }),
    );
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const sent = await Promise.all(
      conns.map((conn, i) => sender({ id: i + 1, rounds, conn, deadline })),
    );
    const wallMs = performance.now() - started;
    const after = processUsage(pid);
    const machineAfter = machineBusySeconds();
    const bench = process.cpuUsage(benchBefore);
    clearInterval(sampler);
    probe.postMessage('stop');
    const admission = await probed;
    await probe.terminate();
    for (const c of conns) c.close();

    const measuredEnd = performance.now();
    const alerts = await storedAlerts(api);
    api.close();
    await server.stop();
    const stopped = performance.now();
    const store = openSqliteStore(server.storePath, { readonly: true });
    const stats = await store.stats();
    await store.close();

    const roundsSent = [warm.rounds, ...sent.map((s) => s.rounds)];
    const check = checkStored(expected, roundsSent, { alerts, rawEvents: stats.rawEvents });
    const latencies = sent.flatMap((s) => s.latencies);
    const events = sent.reduce((n, s) => n + s.events, 0);
    return {
      transport,
      auth: 'bearer token',
      senders,
      seconds: wallMs / 1000,
      events,
      batches: latencies.length,
      eventsPerSecond: events / (wallMs / 1000),
      batchesPerSecond: latencies.length / (wallMs / 1000),
      batchMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
      admissionIdleMs: { p50: quantile(idle, 0.5), p99: quantile(idle, 0.99) },
      admissionUnderLoadMs: {
        reviews: admission.latencies.length,
        errors: admission.errors,
        p50: quantile(admission.latencies, 0.5),
        p99: quantile(admission.latencies, 0.99),
        max: quantile(admission.latencies, 1),
      },
      serverCpuPerSecond:
        after.cpuSeconds === null ? null : (after.cpuSeconds - before.cpuSeconds) / (wallMs / 1000),
      benchCpuPerSecond: (bench.user + bench.system) / 1e6 / (wallMs / 1000),
      // Other processes on the machine: what it was busy with beyond the server and this bench.
      otherCpuPerSecond:
        machineAfter === null || after.cpuSeconds === null
          ? null
          : Math.max(
              0,
              (machineAfter -
                machineBefore -
                (after.cpuSeconds - before.cpuSeconds) -
                (bench.user + bench.system) / 1e6) /
                (wallMs / 1000),
            ),
      serverRssBytes: { peak: Math.max(peakRss, after.rssBytes ?? 0), end: after.rssBytes },
      stored: {
        alerts: alerts.length,
        followUps: check.followUps,
        rawEvents: stats.rawEvents,
        expectedAlerts: check.alerts,
      },
      problems: check.problems,
      window: { fromEndMs: stopped - started, toEndMs: stopped - measuredEnd },
    };
  } finally {
    api.close();
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
