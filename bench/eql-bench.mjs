// EQL engine benchmark: `npm run build && node bench/eql-bench.mjs` (part of `npm run bench`).
//
// Events: the scenario catalogue rendered as audit events (`cronwarden emulate`), replayed with
// BENCH_EQL_SEEDS different seeds (default 40, ≈ 20k events of the catalogue's mix: attack-heavy,
// workload writes at RequestResponse level, so message-reading queries do real work). Each event
// is turned into its Elastic view once, outside the timed loops, except in the "with view" row.
//
// Rows: the reference query in both dialects (message regexes on CronJob/Job writes), a
// field-only query, and a two-step sequence joined by user; plus a bounded-memory check: a
// sequence over 200k distinct join keys must hold at most maxSequenceKeys of them and count the
// evicted partials (the run exits 1 when it does not, or when a dialect's matches differ between
// two runs). Output: a markdown table on stdout and bench/out/eql.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { REFERENCE_EQL_QUERY } from '../dist/cli/builtin.js';
import { elasticAuditView, eventTimeMs } from '../dist/elastic/audit-view.js';
import { buildAuditEvents, SCENARIOS } from '../dist/emulate/index.js';
import { compileEql } from '../dist/eql/index.js';
import { loadEqlPaths } from '../dist/eql/load/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEEDS = Number(process.env.BENCH_EQL_SEEDS ?? 40);

const events = [];
for (let i = 0; i < SEEDS; i++)
  events.push(
    ...buildAuditEvents(SCENARIOS, {
      seed: `bench-${i}`,
      start: new Date(Date.UTC(2026, 10, 2) + i * 6 * 3600_000),
    }),
  );
const views = events.map((e) => elasticAuditView(e));
const times = events.map(eventTimeMs);

function measure(label, compiled, { withView = false } = {}) {
  const evaluator = compiled.evaluator();
  let matches = 0;
  const t0 = performance.now();
  for (let i = 0; i < events.length; i++) {
    // A fresh view each time when asked, since message is computed (and cached) on first read.
    const doc = withView ? elasticAuditView(events[i]) : views[i];
    matches += evaluator.push(doc, times[i], i).length;
  }
  matches += evaluator.flush().length;
  const ms = performance.now() - t0;
  return {
    label,
    events: events.length,
    matches,
    ms,
    eventsPerSecond: Math.round(events.length / (ms / 1000)),
  };
}

const [refElastic] = loadEqlPaths([REFERENCE_EQL_QUERY], ['elastic']).queries;
const [refSearch] = loadEqlPaths([REFERENCE_EQL_QUERY], ['search']).queries;
const fieldsOnly = compileEql(
  'any where kubernetes.audit.objectRef.resource in ("cronjobs", "jobs") and event.action : ("create", "patch") and not user.name : "system:*"',
  { dialect: 'elastic' },
);
const sequence = compileEql(
  `sequence by user.name with maxspan=10m
     [any where event.action == "create" and kubernetes.audit.objectRef.resource == "cronjobs"]
     [any where event.action in ("patch", "update") and kubernetes.audit.objectRef.resource == "cronjobs"]`,
  { dialect: 'elastic' },
);

// Warm the views' cached message so the rows measure evaluation, not JSON encoding.
for (const v of views) void v.message;
const rows = [
  measure('reference query, elastic dialect', refElastic.compiled),
  measure('reference query, search dialect', refSearch.compiled),
  measure('reference query, search dialect, view built per event', refSearch.compiled, {
    withView: true,
  }),
  measure('field-only event query', fieldsOnly),
  measure('two-step sequence by user.name', sequence),
];
let failed = false;
const again = measure('repeat', refSearch.compiled);
if (again.matches !== rows[1].matches) {
  console.error(
    `search dialect matches differ between runs: ${rows[1].matches} vs ${again.matches}`,
  );
  failed = true;
}

// Bounded memory: 200k distinct keys whose first step matches and second never comes.
const keys = 200_000;
const maxKeys = 10_000;
const bounded = compileEql(
  'sequence by user.name [any where event.action == "create"] [any where event.action == "delete"]',
  {
    dialect: 'elastic',
    maxSequenceKeys: maxKeys,
  },
);
const ev = bounded.evaluator();
// Run with --expose-gc (npm run bench does) so the growth is what stays, not pending garbage.
const collect = () => globalThis.gc?.();
collect();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
for (let i = 0; i < keys; i++)
  ev.push({ user: { name: `u${i}` }, event: { action: 'create' } }, i, i);
ev.flush();
const boundedMs = performance.now() - t0;
collect();
const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
const held = ev.held?.keys ?? null;
const memory = {
  keys,
  maxKeys,
  held,
  droppedPartials: ev.stats.droppedPartials,
  heapGrowthMb: Number(heapGrowthMb.toFixed(1)),
  ms: Math.round(boundedMs),
};
if ((held !== null && held > maxKeys) || ev.stats.droppedPartials !== keys - maxKeys) {
  console.error(`sequence memory bound not held: ${JSON.stringify(memory)}`);
  failed = true;
}

console.log(
  `EQL engine, ${events.length} audit events (${SEEDS} seeded replays of the catalogue), one thread\n`,
);
console.log('| query | events/s | matches | time |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.eventsPerSecond.toLocaleString('en')} | ${r.matches} | ${r.ms.toFixed(0)} ms |`,
  );
console.log(
  `\nSequence memory bound: ${keys.toLocaleString('en')} distinct join keys, at most ${maxKeys.toLocaleString('en')} held (held: ${held}), ${memory.droppedPartials.toLocaleString('en')} partials evicted and counted, heap retained ${memory.heapGrowthMb} MB${globalThis.gc ? '' : ' (run with --expose-gc for retained, not allocated, memory)'}, ${memory.ms} ms.`,
);
mkdirSync(join(HERE, 'out'), { recursive: true });
writeFileSync(join(HERE, 'out', 'eql.json'), `${JSON.stringify({ rows, memory }, null, 2)}\n`);
if (failed) process.exitCode = 1;
