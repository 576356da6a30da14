// The API server's side of the bench: each sender is one API server's audit webhook backend,
// one keep-alive connection sending its batches one after the other, the next only once the
// previous was answered.

import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { fillBody, tokenOf } from './rounds.mjs';

/** A POST/GET helper over one keep-alive connection. */
export function connection({ port, tls, token }) {
  const lib = tls ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: 1, ...(tls ? { ca: tls.ca } : {}) });
  const request = (method, path, body) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = lib.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              text: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { request, close: () => agent.destroy() };
}

/**
 * Sends whole rounds until `deadline` (performance.now() time) has passed; a round is never cut,
 * so what the server must have stored is known exactly. Returns per-batch latencies (ms).
 */
export async function sender({ id, rounds, conn, deadline, minRounds = 1 }) {
  const latencies = [];
  let events = 0;
  let round = 0;
  const longest = Math.max(...rounds.flatMap((r) => r.batches.map((b) => b.buf.length)));
  // Reused for every body: the previous one was sent whole before its answer came.
  const scratch = Buffer.allocUnsafe(longest);
  while (round < minRounds || performance.now() < deadline) {
    const template = rounds[round % rounds.length];
    const token = tokenOf(id, round);
    for (const batch of template.batches) {
      const body = fillBody(batch, token, scratch);
      const res = await conn.request('POST', '/audit/webhook', body);
      if (res.status !== 200)
        throw new Error(`sender ${id}: batch answered ${res.status}: ${res.text.slice(0, 300)}`);
      latencies.push(res.ms);
    }
    events += template.events;
    round++;
  }
  return { id, rounds: round, events, latencies };
}

/** Every stored alert, through GET /api/alerts (1,000 a page). */
export async function storedAlerts(conn) {
  const alerts = [];
  let cursor = null;
  do {
    const res = await conn.request(
      'GET',
      `/api/alerts?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`GET /api/alerts answered ${res.status}: ${res.text}`);
    const page = JSON.parse(res.text);
    alerts.push(...page.alerts);
    cursor = page.nextCursor;
  } while (cursor);
  return alerts;
}

/** Sorted-copy quantile (nearest rank). */
export function quantile(values, q) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
