// End-to-end scan benchmark: `npm run build && node bench/scan-bench.mjs`.
//
// Generates a realistic audit log with the built generator (`cronwarden generate`, every attack
// scenario planted), a log twice that size and a gzip copy, then runs on the same file, each as
// its own process: scan with one worker and with all cores, a naive Node script and jq with the
// reference query's logic, `rg -c cronjobs` as the floor, scan of the gzip copy, and scan of the
// double log (linearity). Prints MB/s, events/s, peak RSS and wall time per tool, and the
// targets of the issue with pass or fail.
//
// Options (environment): BENCH_SCAN_MB (default 500), BENCH_SCAN_LINEAR=0 (skip the double
// log), BENCH_SCAN_REPEAT (default 1; runs per tool: the fastest time and the highest RSS are
// kept), BENCH_SEED (default scan-bench), BENCH_ENFORCE=1 (exit 1 when a speed or memory target
// is missed; by default they are only reported), BENCH_KEEP=1 (keep the generated logs).
// Always exits 1 when a scan misses a planted attack, raises an alert on an event that was not
// planted, or when one worker and all workers (or the gzip copy) give different alerts.
// Output: a markdown table on stdout, bench/out/scan.json, and the section of
// docs/performance.md between <!-- scan-bench:start --> and <!-- scan-bench:end -->.

import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alertSet, checkPlanted, difference, readAlerts } from './scan/alerts.mjs';
import { available, measure } from './scan/measure.mjs';
import { profileScan, profileTables } from './scan/profile.mjs';
import { docsSection, resultsTable, targetsTable, writeDocsSection } from './scan/report.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/cli/main.js');
const SIZE_MB = Number(process.env.BENCH_SCAN_MB ?? 500);
const LINEAR = (process.env.BENCH_SCAN_LINEAR ?? '1') !== '0';
const SEED = process.env.BENCH_SEED ?? 'scan-bench';
const ENFORCE = process.env.BENCH_ENFORCE === '1';
// On a shared machine one slow run says little: the best of a few is the tool's speed.
const REPEAT = Math.max(1, Number(process.env.BENCH_SCAN_REPEAT ?? 1));
const CORES = availableParallelism();
const node = process.execPath;
const tmp = mkdtempSync(join(tmpdir(), 'cw-scan-bench-'));
const log = (s) => process.stderr.write(`scan-bench: ${s}\n`);

async function generate(name, sizeMB, extra = []) {
  const out = join(tmp, name);
  const summary = `${out}.summary.json`;
  const args = [CLI, 'generate', '--out', out, '--size', `${sizeMB}MB`, '--seed', SEED];
  const run = await measure(node, [...args, '--summary', summary, ...extra]);
  if (run.code !== 0) throw new Error(`generate ${name} failed: ${run.stderr}`);
  log(run.stderr.trim());
  return { path: out, summary: JSON.parse(readFileSync(summary, 'utf8')), run };
}

/** Whether this build of scan takes --workers (it exits 2 with a usage error otherwise). */
async function scanTakesWorkers(file) {
  const probe = await measure(node, [CLI, 'scan', file, '--format', 'json', '--workers', '1']);
  if (probe.code === 2 && /unknown option/i.test(probe.stderr)) return false;
  if (probe.code !== 0) throw new Error(`scan --workers 1 failed: ${probe.stderr}`);
  return true;
}

const rows = [];
const failures = [];

async function run(row, command, args, input) {
  const stdout = join(tmp, `${row.id}.out`);
  let best = null;
  for (let i = 0; i < REPEAT; i++) {
    log(`${row.label}${REPEAT > 1 ? ` (${i + 1}/${REPEAT})` : ''} …`);
    const m = await measure(command, args, { stdout });
    if (m.code !== 0 && !(row.id === 'rg' && m.code === 1)) {
      failures.push(`${row.label} exited with ${m.code}: ${m.stderr.trim().split('\n').at(-1)}`);
      best = m;
      break;
    }
    if (!best || m.seconds < best.seconds)
      best = { ...m, peakRssMB: Math.max(m.peakRssMB ?? 0, best?.peakRssMB ?? 0) };
    else best.peakRssMB = Math.max(best.peakRssMB ?? 0, m.peakRssMB ?? 0);
  }
  const result = {
    ...row,
    seconds: best.seconds,
    peakRssMB: best.peakRssMB,
    mbPerSecond: input.summary.bytes / 1e6 / best.seconds,
    eventsPerSecond: input.summary.lines / best.seconds,
    stdout,
  };
  rows.push(result);
  return result;
}

function skip(id, label, reason) {
  rows.push({ id, label, skipped: reason });
}

try {
  log(`generating ${SIZE_MB} MB${LINEAR ? ` and ${2 * SIZE_MB} MB` : ''} logs in ${tmp}`);
  const base = await generate('audit.jsonl', SIZE_MB);
  const gz = await generate('audit.jsonl.gz', SIZE_MB);
  if (gz.summary.bytes !== base.summary.bytes)
    throw new Error('the gzip copy differs from the log');
  const double = LINEAR ? await generate('audit-2x.jsonl', 2 * SIZE_MB) : null;
  const workers = await scanTakesWorkers(base.path);
  if (!workers) log('this scan has no --workers yet: both scan rows run without it');
  // Without --workers, both rows run the same command: labelled as such, not as worker counts.
  const scanLabel = (what, n) =>
    `cronwarden scan${what}${workers ? `, ${n} worker${n > 1 ? 's' : ''}` : n > 1 ? ' (again, no --workers)' : ''}`;
  const scanArgs = (file, n) => [
    CLI,
    'scan',
    file,
    '--format',
    'json',
    ...(workers ? ['--workers', String(n)] : []),
  ];

  const one = await run(
    { id: 'scan-1', label: scanLabel('', 1) },
    node,
    scanArgs(base.path, 1),
    base,
  );
  const all = await run(
    { id: 'scan-n', label: scanLabel('', CORES) },
    node,
    scanArgs(base.path, CORES),
    base,
  );
  log('profiling one worker …');
  const profile =
    process.env.BENCH_SCAN_PROFILE === '0' ? null : await profileScan(node, scanArgs(base.path, 1));
  // Diagnostic, not a target: the one built-in rule whose only searchable text is
  // `system:serviceaccount:` stops the search at a third of a typical log, which its
  // structural probe then settles; this row shows what that costs.
  const withoutSa = join(tmp, 'rules-without-sa-outside');
  mkdirSync(withoutSa, { recursive: true });
  const ruleDir = join(ROOT, 'rules/kubernetes/audit');
  for (const f of readdirSync(ruleDir))
    if (f !== 'serviceaccount_token_external_source.yml')
      copyFileSync(join(ruleDir, f), join(withoutSa, f));
  if (workers)
    await run(
      {
        id: 'scan-1-no-sa',
        label: 'cronwarden scan, 1 worker, pack without the service-account-outside rule',
      },
      node,
      [...scanArgs(base.path, 1), '--no-builtin-rules', '--rules', withoutSa],
      base,
    );
  const naive = await run(
    { id: 'naive', label: 'naive Node (readline + JSON.parse + regexes)' },
    node,
    [join(ROOT, 'bench/naive-scan.mjs'), base.path],
    base,
  );
  const jq = (await available('jq'))
    ? await run(
        { id: 'jq', label: 'jq, reference query logic' },
        'jq',
        ['-c', '-f', join(ROOT, 'bench/scan/reference.jq'), base.path],
        base,
      )
    : (skip('jq', 'jq, reference query logic', 'not installed (apt-get install jq)'), null);
  if (await available('rg'))
    await run(
      { id: 'rg', label: 'rg -c cronjobs (floor)' },
      'rg',
      ['-c', 'cronjobs', base.path],
      base,
    );
  else skip('rg', 'rg -c cronjobs (floor)', 'not installed (apt-get install ripgrep)');
  const gz1 = await run(
    { id: 'scan-gz-1', label: scanLabel(' .gz', 1) },
    node,
    scanArgs(gz.path, 1),
    base,
  );
  const gzN = await run(
    { id: 'scan-gz-n', label: scanLabel(' .gz', CORES) },
    node,
    scanArgs(gz.path, CORES),
    base,
  );
  const twice = double
    ? await run(
        { id: 'scan-2x', label: scanLabel(` ${2 * SIZE_MB} MB`, 1) },
        node,
        scanArgs(double.path, 1),
        double,
      )
    : null;

  // Detection must not suffer for speed: every planted attack, nothing else, the same alerts.
  const checks = [];
  const alertsOf = new Map();
  for (const [r, input] of [
    [one, base],
    [all, base],
    [gz1, base],
    [gzN, base],
    [twice, double],
  ]) {
    if (!r) continue;
    const alerts = readAlerts(r.stdout);
    alertsOf.set(r.id, alerts);
    const { missed, unplanted } = checkPlanted(alerts, input.summary.planted);
    r.alerts = alerts.length;
    if (missed.length) failures.push(`${r.label} missed planted attacks: ${missed.join(', ')}`);
    if (unplanted.length)
      failures.push(`${r.label} alerted on ${unplanted.length} event(s) not planted`);
    if (!missed.length && !unplanted.length)
      checks.push(
        `${r.label}: ${input.summary.planted.length}/${input.summary.planted.length} planted attacks alerted, ${alerts.length} alerts, none elsewhere`,
      );
  }
  const sameWorkers = difference(
    alertSet(alertsOf.get('scan-1')),
    alertSet(alertsOf.get('scan-n')),
  );
  if (sameWorkers) failures.push(`${one.label} and ${all.label} disagree: ${sameWorkers}`);
  else checks.push(`${one.label} and ${all.label} raise identical alerts`);
  for (const id of ['scan-gz-1', 'scan-gz-n']) {
    const diff = difference(
      alertSet(alertsOf.get('scan-1'), false),
      alertSet(alertsOf.get(id), false),
    );
    if (diff) failures.push(`the gzip copy (${id}) gives other alerts: ${diff}`);
  }
  if (!failures.some((f) => f.includes('gzip'))) checks.push('the gzip copy gives the same alerts');

  const ratio = (a, b) => (a && b ? a.seconds / b.seconds : null);
  const targets = [
    target(
      '1 worker ≥ 1 GB/s end to end',
      one.mbPerSecond,
      (v) => v >= 1000,
      (v) => `${v.toFixed(0)} MB/s`,
    ),
    target('≥ 4× the naive Node script', ratio(naive, one), (v) => v >= 4, times),
    target('≥ 15× jq', ratio(jq, one), (v) => v >= 15, times),
    // The issue sets the memory target beside the one-worker speed; each extra thread brings its
    // own V8 heap, shown in the table.
    target(
      'peak RSS < 200 MB (every 1-worker scan)',
      Math.max(...[one, gz1, twice].filter(Boolean).map((r) => r.peakRssMB ?? 0)),
      (v) => v < 200,
      (v) => `${v.toFixed(0)} MB`,
    ),
    target(
      `${CORES} workers ≥ 1.7× one worker`,
      workers ? ratio(one, all) : null,
      (v) => v >= 1.7,
      times,
    ),
    target('2× input ≤ 2.1× time', ratio(twice, one), (v) => v <= 2.1, times),
  ];
  const machine = {
    cores: CORES,
    cpu:
      /^model name\s*:\s*(.*)$/m.exec(safeRead('/proc/cpuinfo'))?.[1] ??
      cpus()[0]?.model ??
      'unknown CPU',
    node: process.versions.node,
  };
  const date = new Date().toISOString().slice(0, 10);

  console.log(
    `\n## cronwarden scan, ${SIZE_MB} MB (${base.summary.lines.toLocaleString('en-US')} events)\n`,
  );
  console.log(resultsTable(rows));
  console.log(`\n${targetsTable(targets)}\n`);
  for (const c of checks) console.log(`- ${c}`);
  for (const f of failures) console.log(`- FAILED: ${f}`);
  if (profile) console.log(`\nWhere one worker's time goes:\n\n${profileTables(profile)}\n`);

  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/out/scan.json'),
    `${JSON.stringify(
      {
        date,
        machine,
        sizeMB: SIZE_MB,
        seed: SEED,
        workersFlag: workers,
        log: {
          bytes: base.summary.bytes,
          events: base.summary.lines,
          planted: base.summary.planted.length,
        },
        generate: { seconds: base.run.seconds, peakRssMB: base.run.peakRssMB },
        rows: rows.map(({ stdout: _stdout, ...r }) => r),
        targets,
        checks,
        failures,
        profile,
      },
      null,
      2,
    )}\n`,
  );
  await writeDocsSection(
    join(ROOT, 'docs/performance.md'),
    docsSection({
      machine,
      date,
      sizeMB: SIZE_MB,
      seed: SEED,
      rows,
      targets,
      checks,
      workersFlag: workers,
      generated: { seconds: base.run.seconds, peakRssMB: base.run.peakRssMB },
      repeat: REPEAT,
      profile: profile ? profileTables(profile) : null,
    }),
  );
  const missedTargets = targets.filter((t) => t.pass === false);
  if (failures.length) process.exitCode = 1;
  else if (ENFORCE && missedTargets.length) {
    log(`missed: ${missedTargets.map((t) => t.name).join('; ')}`);
    process.exitCode = 1;
  }
} catch (e) {
  log(`failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (process.env.BENCH_KEEP === '1') log(`logs kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

function target(name, value, ok, show) {
  const measured = value === null || value === undefined || Number.isNaN(value) ? null : value;
  return {
    name,
    value: measured,
    measured: measured === null ? 'n/a' : show(measured),
    pass: measured === null ? null : ok(measured),
  };
}

function times(v) {
  return `${v.toFixed(2)}×`;
}

function safeRead(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
