// Admission webhook latency benchmark: `npm run build && node bench/admission-bench.mjs`.
//
// Compiles the built-in rules into one AdmissionEvaluator, then answers a typical CronJob
// AdmissionReview (test/fixtures/admission/cronjob-create-benign.json) BENCH_REQUESTS times
// after a warm-up, timing each call with performance.now(): JSON.parse of the raw body,
// validation, normalization, every rule, exceptions and the response, which is everything the
// server does per request except HTTP. The malicious CronJob (denied, alert built) is measured
// the same way for comparison. Options (environment): BENCH_REQUESTS (default 20000),
// BENCH_WARMUP (default 2000), BENCH_ENFORCE=0 (report only; by default the run exits 1 when
// the typical CronJob's p99 is 5 ms or more).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AdmissionEvaluator } from '../dist/admission/decide.js';
import { BUILTIN_RULES_DIR } from '../dist/cli/builtin.js';
import { loadRulePaths } from '../dist/sigma/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
const ENFORCE = process.env.BENCH_ENFORCE !== '0';
const P99_BUDGET_MS = 5;

const fixture = (name) => readFileSync(join(ROOT, 'test/fixtures/admission', name), 'utf8');

const compileStarted = performance.now();
const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });
const evaluator = new AdmissionEvaluator({ ruleSet, mode: 'enforce', denySeverity: 'high' });
const compileMs = performance.now() - compileStarted;

// Each request gets its own uid, as the API server sends, so nothing can be cached by body.
// Bodies are made one at a time outside the timed section: holding 20,000 of them would load
// the heap with ~100 MB a real server never holds, and time its garbage collection instead.
function withUid(text, uid, i) {
  return text.replace(uid, `${uid.slice(0, -8)}${String(i).padStart(8, '0')}`);
}

function measure(name, text, expected) {
  const uid = JSON.parse(text).request.uid;
  for (let i = 0; i < WARMUP; i++) evaluator.evaluateJson(withUid(text, uid, i));
  const samples = new Float64Array(REQUESTS);
  let last;
  for (let i = 0; i < REQUESTS; i++) {
    const body = withUid(text, uid, WARMUP + i);
    const t0 = performance.now();
    last = evaluator.evaluateJson(body);
    samples[i] = performance.now() - t0;
  }
  if (last.decision !== expected)
    throw new Error(`${name}: expected decision ${expected}, got ${last.decision}`);
  samples.sort();
  const at = (q) => samples[Math.min(REQUESTS - 1, Math.floor(q * REQUESTS))];
  return {
    name,
    bytes: text.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: samples[REQUESTS - 1],
  };
}

const results = [
  measure('typical CronJob (benign, allowed)', fixture('cronjob-create-benign.json'), 'allow'),
  measure('reverse-shell CronJob (denied)', fixture('cronjob-create-reverse-shell.json'), 'deny'),
];

const ms = (v) => v.toFixed(3);
console.log(
  `admission webhook latency — node ${process.version}, ${ruleSet.rules.length} rules compiled in ${ms(compileMs)} ms`,
);
console.log(`${REQUESTS} requests each after ${WARMUP} warm-up; per call, JSON.parse included\n`);
console.log('| request | body bytes | p50 ms | p90 ms | p99 ms | max ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.name} | ${r.bytes} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} |`,
  );

const typical = results[0];
if (typical.p99 >= P99_BUDGET_MS) {
  console.error(
    `\np99 ${ms(typical.p99)} ms for a typical CronJob is over the ${P99_BUDGET_MS} ms budget`,
  );
  if (ENFORCE) process.exit(1);
} else
  console.log(
    `\np99 ${ms(typical.p99)} ms for a typical CronJob: within the ${P99_BUDGET_MS} ms budget`,
  );
