// The scan benchmark's table, targets and docs/performance.md section.

import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- scan-bench:start -->';
const END = '<!-- scan-bench:end -->';

const fixed = (n, digits) => (n === null || n === undefined ? 'n/a' : n.toFixed(digits));
// A process that ends within one 10 ms poll shows no high-water mark yet.
const megabytes = (n) => (n === null || n === undefined ? 'n/a' : n < 1 ? '< 1' : n.toFixed(0));
const thousands = (n) =>
  n === null || n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US');

/** One markdown row per run; rows that did not run carry their reason. */
export function resultsTable(rows) {
  const lines = [
    '| tool | MB/s | events/s | peak RSS (MB) | wall (s) |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    if (r.skipped) lines.push(`| ${r.label} | ${r.skipped} | | | |`);
    else
      lines.push(
        `| ${r.label} | ${thousands(r.mbPerSecond)} | ${thousands(r.eventsPerSecond)} | ${megabytes(r.peakRssMB)} | ${fixed(r.seconds, 2)} |`,
      );
  }
  return lines.join('\n');
}

export function targetsTable(targets) {
  const lines = ['| target | measured | result |', '| --- | --- | --- |'];
  for (const t of targets)
    lines.push(
      `| ${t.name} | ${t.measured} | ${t.pass === null ? 'n/a' : t.pass ? 'pass' : '**fail**'} |`,
    );
  return lines.join('\n');
}

/**
 * Replaces the section between the markers (appended at the end the first time), formatted by
 * the repository's prettier so `npm run format:check` stays clean after a run.
 */
export async function writeDocsSection(path, body) {
  const text = readFileSync(path, 'utf8');
  const section = `${START}\n\n${body.trim()}\n\n${END}`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, await formatted(path, next));
}

async function formatted(path, text) {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(text, { ...options, filepath: path });
  } catch {
    // Without prettier (a production install) the section is still right, only unaligned.
    return text;
  }
}

/** The docs section: method, machine, results, targets and how to reproduce. */
export function docsSection({
  machine,
  date,
  sizeMB,
  seed,
  rows,
  targets,
  checks,
  workersFlag,
  generated,
  repeat,
  profile,
}) {
  return `## Scan end to end (\`bench/scan-bench.mjs\`)

**Targets** (issue): \`cronwarden scan\` on one worker at 1 GB/s or more end to end, at least 4×
a naive Node script and 15× jq running the reference query, with peak RSS under 200 MB; all workers
at least 1.7× one worker; twice the input in at most 2.1× the time.

**Method.** \`cronwarden generate\` (seed \`${seed}\`) writes a ${sizeMB} MB audit log of the
documented mix ([generate.md](generate.md)) with every attack scenario of the catalogue planted
in it, a log twice that size, and a gzip copy. Each tool then reads the same file once, as its
own process${repeat > 1 ? ` (the fastest of ${repeat} runs)` : ''}: \`scan --format json\`${workersFlag ? ' with `--workers 1` and `--workers <cores>`' : ' (this build has no `--workers`: both scan rows ran without it)'},
the naive baseline (\`bench/naive-scan.mjs\`: readline, \`JSON.parse\` per line, the reference
query's tests as JavaScript regexes), jq with the same logic (\`bench/scan/reference.jq\`) and
\`rg -c cronjobs\` as the floor (reading the file at all). Wall time from spawn to exit; peak
RSS is the process's VmHWM (all threads) polled from /proc every 10 ms. MB/s are of the
uncompressed log. The run fails (whatever the speed) if a scan misses a planted attack or
alerts on an event that was not planted, or if one and all workers, or the gzip copy, give
other alerts.

**Results** (${date}; ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}):

${resultsTable(rows)}

${targetsTable(targets)}

${checks.map((c) => `- ${c}`).join('\n')}
- generating the ${sizeMB} MB log took ${fixed(generated.seconds, 1)} s (${fixed(sizeMB / generated.seconds, 0)} MB/s, peak RSS ${megabytes(generated.peakRssMB)} MB)

${profile ? `**Where the time goes** (one worker, \`node --cpu-prof\`, self time of the sampled functions grouped by the pipeline stage they belong to; \`BENCH_SCAN_PROFILE=0\` skips it):\n\n${profile}\n\n` : ''}**Reproduce:** \`BENCH_SCAN_MB=500 npm run bench\` (all benchmarks) or \`npm run build && node
bench/scan-bench.mjs\`. \`BENCH_SCAN_LINEAR=0\` skips the twice-as-large log,
\`BENCH_SCAN_REPEAT=3\` keeps the fastest of three runs per tool (the machine is shared and
noisy), \`BENCH_ENFORCE=1\` exits 1 when a speed or memory target is missed, \`BENCH_KEEP=1\` keeps
the generated logs. Results are also in \`bench/out/scan.json\`.`;
}
