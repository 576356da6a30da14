// Where scan's time goes: runs it once under `node --cpu-prof` and sums the samples' self time
// by pipeline stage (the folder under src/ a function lives in) and by function.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from './measure.mjs';

/** Stage names for the folders of dist/, in pipeline order. */
const STAGES = [
  ['source', 'read and split lines (source/)'],
  ['prefilter', 'prefilter (prefilter/)'],
  ['decode', 'decode export formats (decode/)'],
  ['normalize', 'normalize (normalize/)'],
  ['sigma', 'Sigma rules (sigma/)'],
  ['detect', 'stage dedupe, linking (detect/)'],
  ['alert', 'alerts (alert/)'],
  ['scan', 'worker hand-over (scan/)'],
  ['cli', 'CLI and output (cli/, sink/)'],
  ['sink', 'CLI and output (cli/, sink/)'],
];

function stageOf(frame) {
  const name = frame.functionName;
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)' || name === '(program)') return 'idle and V8 itself';
  const url = frame.url;
  if (!url) {
    if (name === 'parse' || name === 'JSON.parse') return 'JSON.parse';
    return 'V8 and Node built-ins (JSON.parse, Buffer, zlib, fs)';
  }
  const dist = /\/dist\/([^/]+)\//.exec(url);
  if (dist) return STAGES.find(([dir]) => dir === dist[1])?.[1] ?? `${dist[1]}/`;
  if (url.includes('node_modules')) return 'dependencies (cron-parser, re2, …)';
  return 'Node start-up and module loading';
}

/** Self time per stage and the top functions, from one profiled run of `args`. */
export async function profileScan(node, args, top = 12) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-scan-prof-'));
  try {
    const run = await measure(node, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], {
      stdout: '/dev/null',
    });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) return { error: `no profile written (exit ${run.code})` };
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const counts = new Map();
    for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
    const stages = new Map();
    const functions = new Map();
    let total = 0;
    for (const [id, count] of counts) {
      const frame = byId.get(id).callFrame;
      total += count;
      const stage = stageOf(frame);
      stages.set(stage, (stages.get(stage) ?? 0) + count);
      const where = frame.url
        ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
        : '';
      const key = `${frame.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
      functions.set(key, (functions.get(key) ?? 0) + count);
    }
    const share = (entries) =>
      [...entries]
        .sort((a, b) => b[1] - a[1])
        .map(([name, n]) => ({ name, percent: (100 * n) / total }));
    return {
      seconds: (profile.endTime - profile.startTime) / 1e6,
      stages: share(stages),
      functions: share(functions).slice(0, top),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function profileTables(p) {
  if (p.error) return `(profile not taken: ${p.error})`;
  const rows = (list) => list.map((x) => `| ${x.name} | ${x.percent.toFixed(1)} |`).join('\n');
  return `| stage | self time (%) |\n| --- | ---: |\n${rows(p.stages)}\n\n| function | self time (%) |\n| --- | ---: |\n${rows(p.functions)}`;
}
