// Line-scan microbenchmark: `npm run build && node bench/line-scan-bench.mjs` (not part of
// `npm run bench`).
//
// Builds ~200 MB of audit-log JSON Lines in memory: the emulate catalogue's events (attacks and
// benign scenarios, most of them hits) spread through synthetic Metadata-level background
// traffic (lease renewals, kubelet and controller get/list/watch with `\u0026` in query strings,
// events, some service-account reads). Then times scanLines over it in 4 MiB chunks, as a scan
// reads a file, with the needle sets of a typical rule pack: every native kernel this CPU runs,
// the JS fallback, and one Buffer.indexOf of an absent needle for scale. Best of several rounds
// of CPU time, both straight from the 200 MB buffer and with each chunk freshly copied.
//
// Needle sets: the 16 anchors the prefilter used to search for (the first numbers, to compare
// with earlier runs); the 19 anchors of today's rule pack; and those 19 reporting among 33
// needles with per-line masks, as the prefilter now runs it, without and with the irregular-line
// check. "mask ns/line" is what the masks add per reported line over the same set without them.
//
// Options (environment): BENCH_LINE_SCAN_MB (default 200), BENCH_LINE_SCAN_ROUNDS (default 5).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activeImpl, compileNeedleSet, kernelOf, scanLines } from '../dist/prefilter/line-scan.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SIZE = Number(process.env.BENCH_LINE_SCAN_MB ?? 200) * 2 ** 20;
const ROUNDS = Number(process.env.BENCH_LINE_SCAN_ROUNDS ?? 5);
const CHUNK = 4 * 2 ** 20;

const OLD_ANCHORS = [
  'pods',
  'jobs',
  'deployments',
  'daemonsets',
  'statefulsets',
  'replicasets',
  'replicationcontrollers',
  'podtemplates',
  'ownerReferences',
  'system:serviceaccount:',
  'webhookconfigurations',
  'system:anonymous',
  'system:unauthenticated',
  'rolebindings',
  'secrets',
  'selfsubject',
];
const ANCHORS = [...OLD_ANCHORS.slice(0, 15), 'delete', 'exec', 'attach', 'selfsubject'];
/** Needles the rules test besides the anchors: most of them are in most lines. */
const OTHERS = [
  'create',
  'update',
  'patch',
  'list',
  'watch',
  'get',
  'events',
  'kube-system',
  'cluster-admin',
  'clusterrole',
  'allow',
  'system:',
  '-controller',
  'system:kube-scheduler',
];
const ALL = [...ANCHORS, ...OTHERS];

/** The prefilter marks escapes of every character its needles use. */
function spec(needles, chars, extra = {}) {
  return {
    needles,
    escapedChars: [...new Set(chars.join(''))].join(''),
    kelvin: true,
    dottedI: true,
    ...extra,
  };
}

const REPORT = ANCHORS.map((_, i) => i);
const SPECS = [
  { name: '16 old anchors', spec: spec(OLD_ANCHORS, OLD_ANCHORS) },
  { name: '19 anchors', spec: spec(ANCHORS, ALL) },
  { name: '33, 19 report', spec: spec(ALL, ALL, { reportNeedles: REPORT }) },
  { name: '33, 19 report, masks', spec: spec(ALL, ALL, { reportNeedles: REPORT, masks: true }) },
  {
    name: '33, 19 report, irregular',
    spec: spec(ALL, ALL, { reportNeedles: REPORT, irregular: true }),
  },
  {
    name: '33, 19 report, masks, irregular',
    spec: spec(ALL, ALL, { reportNeedles: REPORT, masks: true, irregular: true }),
  },
];

function emulated() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-line-scan-'));
  try {
    const file = join(dir, 'emulate.jsonl');
    execFileSync(
      process.execPath,
      [join(HERE, '..', 'dist', 'cli', 'main.js'), 'emulate', '--out', file],
      {
        stdio: 'ignore',
      },
    );
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** mulberry32: a small seeded generator, so every run scans the same bytes. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = random(1122);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
const ip = () => `10.0.${Math.floor(rnd() * 32)}.${Math.floor(rnd() * 250)}`;
let clock = Date.parse('2026-11-22T10:00:00Z');
const time = () => new Date((clock += Math.floor(rnd() * 40))).toISOString().replace('Z', '123Z');

const NODES = Array.from(
  { length: 40 },
  () => `ip-${ip().replaceAll('.', '-')}.eu-west-1.compute.internal`,
);
const CONTROLLERS = ['kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager'];
const SERVICE_ACCOUNTS = [
  'kube-system:coredns',
  'kube-system:kube-proxy',
  'monitoring:prometheus',
  'ingress:ingress-nginx',
];
const WATCHED = [
  'configmaps',
  'services',
  'endpointslices',
  'nodes',
  'namespaces',
  'leases',
  'csinodes',
];

function line(verb, uri, username, groups, agent, objectRef, reason) {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: uuid(),
    stage: 'ResponseComplete',
    requestURI: uri,
    verb,
    user: { username, groups },
    sourceIPs: [ip()],
    userAgent: agent,
    objectRef,
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: time(),
    stageTimestamp: time(),
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': reason,
    },
  });
}

/** One background request; about one in ten touches a needle (service accounts, pods). */
function background() {
  const r = rnd();
  if (r < 0.3) {
    const who = pick(CONTROLLERS);
    return line(
      'update',
      `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${who}`,
      `system:${who}`,
      ['system:authenticated'],
      `${who}/v1.30.2 (linux/amd64) kubernetes/39683505/leader-election`,
      {
        resource: 'leases',
        namespace: 'kube-system',
        name: who,
        apiGroup: 'coordination.k8s.io',
        apiVersion: 'v1',
      },
      `RBAC: allowed by ClusterRoleBinding "system:${who}" of ClusterRole "system:${who}" to User "system:${who}"`,
    );
  }
  if (r < 0.55) {
    const node = pick(NODES);
    return line(
      'update',
      `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`,
      `system:node:${node}`,
      ['system:nodes', 'system:authenticated'],
      'kubelet/v1.30.2 (linux/amd64) kubernetes/39683505',
      {
        resource: 'leases',
        namespace: 'kube-node-lease',
        name: node,
        apiGroup: 'coordination.k8s.io',
        apiVersion: 'v1',
      },
      '',
    );
  }
  if (r < 0.8) {
    const resource = pick(WATCHED);
    const watch = rnd() < 0.5;
    const query = watch
      ? `?allowWatchBookmarks=true\\u0026resourceVersion=${Math.floor(rnd() * 1e8)}\\u0026timeout=7m${Math.floor(rnd() * 60)}s\\u0026timeoutSeconds=${Math.floor(rnd() * 600)}\\u0026watch=true`
      : `?limit=500\\u0026resourceVersion=0`;
    const node = pick(NODES);
    return line(
      watch ? 'watch' : 'list',
      `/api/v1/${resource}${query}`,
      `system:node:${node}`,
      ['system:nodes', 'system:authenticated'],
      'kubelet/v1.30.2 (linux/amd64) kubernetes/39683505',
      { resource, apiVersion: 'v1' },
      '',
    );
  }
  if (r < 0.9) {
    const node = pick(NODES);
    return line(
      'create',
      '/api/v1/namespaces/default/events',
      `system:node:${node}`,
      ['system:nodes', 'system:authenticated'],
      'kubelet/v1.30.2 (linux/amd64) kubernetes/39683505',
      { resource: 'events', namespace: 'default', apiVersion: 'v1' },
      '',
    );
  }
  if (r < 0.96) {
    const sa = pick(SERVICE_ACCOUNTS);
    const [ns, name] = sa.split(':');
    return line(
      pick(['get', 'list', 'watch']),
      `/api/v1/namespaces/${ns}/configmaps?limit=500\\u0026resourceVersion=0`,
      `system:serviceaccount:${sa}`,
      ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
      `${name}/v0.0.0 (linux/amd64) kubernetes/$Format`,
      { resource: 'configmaps', namespace: ns, apiVersion: 'v1' },
      `RBAC: allowed by RoleBinding "${name}/${ns}" of Role "${name}" to ServiceAccount "${name}/${ns}"`,
    );
  }
  const node = pick(NODES);
  const pod = `web-${hex(9)}-${hex(5)}`;
  return line(
    'get',
    `/api/v1/namespaces/shop/pods/${pod}`,
    `system:node:${node}`,
    ['system:nodes', 'system:authenticated'],
    'kubelet/v1.30.2 (linux/amd64) kubernetes/39683505',
    { resource: 'pods', namespace: 'shop', name: pod, apiVersion: 'v1' },
    '',
  );
}

function corpus() {
  const events = emulated();
  const parts = [];
  let size = 0;
  while (size < SIZE) {
    // The catalogue once per ~48 MB of background: a few percent of the bytes.
    const lines = [];
    for (let bytes = 0; bytes < 48 * 2 ** 20 && size + bytes < SIZE;) {
      const l = background();
      lines.push(l);
      bytes += l.length + 1;
    }
    const block = Buffer.from(`${lines.join('\n')}\n`);
    parts.push(block, events);
    size += block.length + events.length;
  }
  return Buffer.concat(parts);
}

/** CHUNK-sized regions of buf cut at line ends, as the file reader hands them over. */
function chunks(buf) {
  const regions = [];
  for (let from = 0; from < buf.length;) {
    let to = Math.min(from + CHUNK, buf.length);
    if (to < buf.length) to = buf.lastIndexOf(0x0a, to - 1) + 1;
    regions.push([from, to]);
    from = to;
  }
  return regions;
}

function scanRegion(set, buf, from, to, out, totals) {
  for (let at = from; at < to;) {
    const r = scanLines(set, buf, at, to, out);
    totals.reported += r.lines;
    totals.newlines += r.newlines;
    at = r.resumeAt;
  }
}

/** CPU time (user + system) in seconds: the machine may be shared, and wall time then
 * counts other processes' turns. */
function cpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Best-of-rounds CPU time of a scan over the whole buffer ("in memory": 200 MB streams from
 * DRAM), and of the same scan with each chunk first copied, untimed, into one reused buffer
 * ("just read": the chunk is in cache, as after a read() into a reused buffer).
 */
function measure(set, buf, out, rounds) {
  const regions = chunks(buf);
  const scratch = Buffer.alloc(CHUNK + 2 ** 20);
  let inMemory = Infinity;
  let justRead = Infinity;
  let totals;
  for (let i = 0; i < rounds; i++) {
    totals = { reported: 0, newlines: 0 };
    const t = cpuSeconds();
    for (const [from, to] of regions) scanRegion(set, buf, from, to, out, totals);
    inMemory = Math.min(inMemory, cpuSeconds() - t);
    const again = { reported: 0, newlines: 0 };
    let spent = 0;
    for (const [from, to] of regions) {
      buf.copy(scratch, 0, from, to);
      const c = cpuSeconds();
      scanRegion(set, scratch, 0, to - from, out, again);
      spent += cpuSeconds() - c;
    }
    justRead = Math.min(justRead, spent);
    if (again.reported !== totals.reported) throw new Error('the chunked scan disagrees');
  }
  return { inMemory, justRead, totals };
}

const buf = corpus();
const out = new Uint32Array(5 * 4096);
const gbps = (s) => (buf.length / s / 1e9).toFixed(2);
console.log(
  `${(buf.length / 2 ** 20).toFixed(0)} MiB, addon: ${activeImpl}; GB/s of CPU time, best of ${ROUNDS} rounds`,
);
console.log(
  '| implementation | needle set | GB/s in memory | GB/s just read | lines reported | mask ns/line |',
);
console.log('| --- | --- | --: | --: | --: | --: |');
const setups = [
  ...(activeImpl === 'native'
    ? ['avx2', 'ssse3', 'scalar'].map((kernel) => ({ impl: 'native', kernel }))
    : []),
  { impl: 'js' },
];
const seen = new Set();
for (const options of setups) {
  const probe = compileNeedleSet(SPECS[0].spec, options);
  const name = probe.impl === 'native' ? `native ${kernelOf(probe)}` : 'js fallback';
  if (seen.has(name)) continue;
  seen.add(name);
  const rounds = probe.impl === 'js' ? Math.min(ROUNDS, 2) : ROUNDS;
  /** Seconds in memory of the same set without masks, keyed by the set's name minus masks. */
  const plain = new Map();
  for (const { name: setName, spec: s } of SPECS) {
    const set = compileNeedleSet(s, options);
    const { inMemory, justRead, totals } = measure(set, buf, out, rounds);
    const share = ((100 * totals.reported) / totals.newlines).toFixed(1);
    const key = setName.replace(', masks', '');
    let perLine = '';
    if (!s.masks) plain.set(key, inMemory);
    else if (plain.has(key))
      perLine = (((inMemory - plain.get(key)) / totals.reported) * 1e9).toFixed(0);
    console.log(
      `| ${name} | ${setName} | ${gbps(inMemory)} | ${gbps(justRead)} | ${totals.reported} (${share}% of ${totals.newlines} lines) | ${perLine} |`,
    );
  }
}
const absent = Buffer.from('zqxzqxzq');
let indexOf = Infinity;
for (let i = 0; i < ROUNDS; i++) {
  const t = cpuSeconds();
  buf.indexOf(absent);
  indexOf = Math.min(indexOf, cpuSeconds() - t);
}
console.log(`| Buffer.indexOf, 1 absent needle | | ${gbps(indexOf)} | | | |`);
