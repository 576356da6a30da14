// Reads a V8 .cpuprofile (from `node --cpu-prof`) and says where the server's time went: the
// functions with the most self time, and the same time grouped by what it was spent on.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// First match wins; URLs are matched as written in the profile (absolute file URLs). V8 counts
// a builtin's time as its caller's self time: decodeWebhookBody's is JSON.parse of the body.
const AREAS = [
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['JSON.parse of bodies', (f) => f.functionName === 'decodeWebhookBody'],
  ['idle (waiting for I/O)', (f) => f.functionName === '(idle)'],
  ['SQLite store', (f) => /better-sqlite3|\/dist\/store\//.test(f.url)],
  ['normalizer', (f) => /\/dist\/normalize\//.test(f.url)],
  ['Sigma rules', (f) => /\/dist\/sigma\//.test(f.url)],
  ['engine, decoder, alerts', (f) => /\/dist\/(detect|decode|alert|admission)\//.test(f.url)],
  ['ingest pipeline and routes', (f) => /\/dist\/serve\//.test(f.url)],
  ['logging (pino)', (f) => /node_modules\/(pino|sonic-boom|thread-stream)/.test(f.url)],
  ['HTTP (fastify)', (f) => /node_modules\/(fastify|@fastify|find-my-way|avvio)/.test(f.url)],
  ['metrics (prom-client)', (f) => /node_modules\/prom-client/.test(f.url)],
  ['node: net, TLS, streams', (f) => f.url.startsWith('node:')],
  ['native (TLS, I/O, other)', (f) => f.url === ''],
];

/**
 * The newest .cpuprofile in `dir`, summarised over the samples between `fromEndMs` and
 * `toEndMs` before its end (the measured phase, without start-up and warm-up).
 */
export function summarizeProfile(dir, { fromEndMs, toEndMs }, top = 15) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return null;
  const profile = JSON.parse(readFileSync(join(dir, files.sort().at(-1)), 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  let totalUs = 0;
  const from = profile.endTime - fromEndMs * 1000;
  const to = profile.endTime - toEndMs * 1000;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from || at > to) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    totalUs += dt;
  });
  const byFunction = new Map();
  const byArea = new Map();
  for (const [id, us] of selfUs) {
    const f = nodes.get(id).callFrame;
    const where = f.url
      ? `${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`
      : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const area = AREAS.find(([, test]) => test(f))?.[0] ?? 'other JavaScript';
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const share = ([name, us]) => ({ name, percent: (100 * us) / totalUs });
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).map(share);
  return {
    seconds: totalUs / 1e6,
    functions: sorted(byFunction).slice(0, top),
    areas: sorted(byArea),
  };
}
