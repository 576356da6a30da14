// Seeded background traffic of a busy cluster, as its API server audits it: mostly Metadata
// reads and watches and lease renewals, a few percent workload writes at RequestResponse level
// with full bodies (controller-created Pods and Jobs, operator patches), no attacks. Events have
// auditIDs already; the ingest bench rewrites their first 8 characters per delivery.

const V = 'v1.30.2 (linux/amd64) kubernetes/39683505';
const NODES = Array.from({ length: 24 }, (_, i) => `ip-10-0-${10 + (i % 8)}-${20 + i * 7}.ec2`);
const NAMESPACES = ['default', 'shop', 'payments', 'analytics', 'monitoring', 'logging', 'ci'];
const CONTROLLERS = [
  'replicaset-controller',
  'deployment-controller',
  'endpointslice-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
];
const OPERATORS = [
  ['argocd', 'argocd-application-controller', 'argocd-application-controller/v2.12.4'],
  ['monitoring', 'kube-state-metrics', 'kube-state-metrics/v2.13.0 (linux/amd64)'],
  ['monitoring', 'prometheus-k8s', 'Prometheus/2.54.1'],
  ['cert-manager', 'cert-manager', 'cert-manager-controller/v1.15.3 (linux/amd64)'],
  ['logging', 'fluent-bit', 'fluent-bit/3.1.9'],
];
const READS = [
  ['pods', ''],
  ['pods', ''],
  ['configmaps', ''],
  ['services', ''],
  ['endpoints', ''],
  ['nodes', ''],
  ['namespaces', ''],
  ['deployments', 'apps'],
  ['replicasets', 'apps'],
  ['jobs', 'batch'],
  ['cronjobs', 'batch'],
  ['endpointslices', 'discovery.k8s.io'],
  ['ingresses', 'networking.k8s.io'],
];
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces']);
const IMAGES = ['ghcr.io/example/shop-api:4.12.0', 'ghcr.io/example/payments:2.14.0', 'redis:7.4'];

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

/**
 * A generator of background events. A watch logs ResponseStarted when it opens and
 * ResponseComplete when it times out; the completion comes out a few hundred events later.
 */
export function backgroundTraffic(seed) {
  const rnd = mulberry32(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;
  let clockMs = Date.parse('2026-11-02T08:00:00Z');
  const sa = (ns, name) => ({
    username: `system:serviceaccount:${ns}:${name}`,
    uid: uuid(),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    extra: { 'authentication.kubernetes.io/pod-name': [`${name}-${hex(10)}-${hex(5)}`] },
  });
  const controller = (c) => ({
    username: `system:serviceaccount:kube-system:${c}`,
    uid: uuid(),
    groups: [
      'system:serviceaccounts',
      'system:serviceaccounts:kube-system',
      'system:authenticated',
    ],
  });
  const nodeUser = (n) => ({ username: `system:node:${n}`, groups: ['system:nodes'] });
  const nodeIp = (n) => n.replace(/^ip-(\d+)-(\d+)-(\d+)-(\d+)\..*$/, '$1.$2.$3.$4');

  function event(o) {
    const base = o.group ? `/apis/${o.group}/v1` : '/api/v1';
    const nsPart = o.ns && !CLUSTER_SCOPED.has(o.resource) ? `/namespaces/${o.ns}` : '';
    const named = o.name && !['create', 'list', 'watch'].includes(o.verb);
    let uri = `${base}${nsPart}/${o.resource}${named ? `/${o.name}` : ''}`;
    if (o.subresource) uri += `/${o.subresource}`;
    if (o.query) uri += `?${o.query}`;
    clockMs += int(0, 2);
    const at = new Date(clockMs).toISOString().replace('Z', `${int(100, 999)}Z`);
    const objectRef = { resource: o.resource };
    if (nsPart) objectRef.namespace = o.ns;
    if (o.name) objectRef.name = o.name;
    if (o.group) objectRef.apiGroup = o.group;
    objectRef.apiVersion = 'v1';
    if (o.subresource) objectRef.subresource = o.subresource;
    const e = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: o.level ?? 'Metadata',
      auditID: uuid(),
      stage: o.stage ?? 'ResponseComplete',
      requestURI: uri,
      verb: o.verb,
      user: o.user,
      sourceIPs: [o.ip],
      userAgent: o.ua,
      objectRef,
      responseStatus: { metadata: {}, code: o.verb === 'create' ? 201 : 200 },
    };
    if (o.body) e.requestObject = o.body;
    if (o.body) e.responseObject = o.body;
    e.requestReceivedTimestamp = at;
    e.stageTimestamp = at;
    e.annotations = {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': `RBAC: allowed by ClusterRoleBinding "system:${o.verb}"`,
    };
    return e;
  }

  function read() {
    const verb = pick(['get', 'get', 'list', 'watch', 'watch']);
    const [resource, group] = pick(READS);
    const ns = CLUSTER_SCOPED.has(resource) ? undefined : pick(NAMESPACES);
    const who = rnd();
    const n = pick(NODES);
    const [op, name, opUa] = pick(OPERATORS);
    const [user, ua, ip] =
      who < 0.35
        ? [nodeUser(n), `kubelet/${V}`, nodeIp(n)]
        : who < 0.6
          ? [controller(pick(CONTROLLERS)), `kube-controller-manager/${V}`, '10.0.1.10']
          : [sa(op, name), opUa, `10.0.${int(32, 40)}.${int(2, 250)}`];
    const query =
      verb === 'watch'
        ? `allowWatchBookmarks=true&resourceVersion=${int(1e6, 9e6)}&timeoutSeconds=${int(300, 590)}&watch=true`
        : verb === 'list'
          ? 'limit=500&resourceVersion=0'
          : undefined;
    const e = event({ verb, resource, group, ns, user, ua, ip, query, name: `x-${hex(6)}` });
    if (verb !== 'watch') return e;
    later.push({ due: emitted + int(50, 500), event: e });
    return { ...e, stage: 'ResponseStarted' };
  }

  function lease() {
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

  function podSpec(restartPolicy) {
    return {
      containers: [
        {
          name: 'app',
          image: pick(IMAGES),
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'LOG_LEVEL', value: 'info' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
          securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true },
        },
      ],
      restartPolicy,
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
    };
  }

  function workloadWrite() {
    const ns = pick(NAMESPACES);
    const app = pick(['shop-api', 'payments', 'worker']);
    const meta = (name, owner) => ({
      name,
      namespace: ns,
      uid: uuid(),
      resourceVersion: String(int(1e6, 9e6)),
      creationTimestamp: '2026-11-02T08:00:00Z',
      labels: { app, 'pod-template-hash': hex(10) },
      ownerReferences: [{ ...owner, uid: uuid(), controller: true, blockOwnerDeletion: true }],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-11-02T08:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': {} },
        },
      ],
    });
    const rs = `${app}-${hex(10)}`;
    const pod = `${rs}-${hex(5)}`;
    const body = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: meta(pod, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs }),
      spec: podSpec('Always'),
      status: { phase: 'Pending', qosClass: 'Burstable' },
    };
    if (rnd() < 0.8)
      return event({
        verb: 'create',
        resource: 'pods',
        ns,
        user: controller('replicaset-controller'),
        ua: `kube-controller-manager/${V}/system:serviceaccount:kube-system:replicaset-controller`,
        ip: '10.0.1.10',
        level: 'RequestResponse',
        body,
      });
    const [op, name, opUa] = OPERATORS[0];
    return event({
      verb: 'patch',
      resource: 'deployments',
      group: 'apps',
      ns,
      name: app,
      user: sa(op, name),
      ua: opUa,
      ip: '10.0.33.70',
      level: 'RequestResponse',
      query: 'fieldManager=argocd-controller',
      body: {
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: meta(app, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name: ns }),
        spec: {
          replicas: int(2, 6),
          selector: { matchLabels: { app } },
          template: { metadata: { labels: { app } }, spec: podSpec('Always') },
        },
      },
    });
  }

  function misc() {
    const ns = pick(NAMESPACES);
    const n = pick(NODES);
    const r = rnd();
    if (r < 0.4)
      return event({
        verb: 'get',
        resource: pick(['secrets', 'configmaps']),
        ns,
        name: `${pick(['shop-api', 'payments'])}-${pick(['db', 'tls', 'config'])}`,
        user: nodeUser(n),
        ua: `kubelet/${V}`,
        ip: nodeIp(n),
      });
    if (r < 0.7)
      return event({
        verb: 'patch',
        resource: 'nodes',
        subresource: 'status',
        name: n,
        user: nodeUser(n),
        ua: `kubelet/${V}`,
        ip: nodeIp(n),
      });
    return event({
      verb: 'update',
      resource: 'endpointslices',
      group: 'discovery.k8s.io',
      ns,
      name: `${pick(['shop-api', 'payments'])}-${hex(5)}`,
      user: controller('endpointslice-controller'),
      ua: `kube-controller-manager/${V}`,
      ip: '10.0.1.10',
    });
  }

  const later = [];
  let emitted = 0;
  return {
    next() {
      emitted++;
      if (later.length > 0 && later[0].due <= emitted) return later.shift().event;
      const r = rnd();
      if (r < 0.62) return read();
      if (r < 0.86) return lease();
      if (r < 0.9) return workloadWrite();
      return misc();
    },
  };
}
