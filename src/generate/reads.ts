import type { Cluster } from './cluster.js';
import { READS } from './categories.js';
import type { Traffic } from './context.js';
import { notFound, OK, type Request } from './envelope.js';
import type { Who } from './identity.js';
import { existing, someNamespace } from './names.js';
import { escapeQuery, K, pathOf, refJson, type KindName } from './resources.js';

interface Read {
  who: Who;
  kind: KindName;
  verb: 'get' | 'list' | 'watch';
  namespace?: string;
  name?: string;
  /** Query parameters in Go's order (sorted by key), unescaped. */
  query?: string;
  /** A field or label selector, placed in key order among a watch's parameters. */
  selector?: string;
  /** Seconds a watch stays open when the client does not say. */
  seconds?: number;
}

// Watches last minutes, so few watch requests keep many open: about one read request in twelve.
const WATCH_SHARE = 0.08;

/** One get, list or watch at Metadata level, by the kind of client that sends most of them. */
export function read(t: Traffic): void {
  if (t.rng.chance(WATCH_SHARE)) {
    informerWatch(t);
    return;
  }
  const r = t.rng.next();
  if (r < 0.36) send(t, kubeletRead(t));
  else if (r < 0.5) send(t, controllerRead(t));
  else if (r < 0.54) send(t, schedulerList(t));
  else if (r < 0.85) send(t, operatorRead(t));
  else if (r < 0.98) send(t, humanRead(t));
  else send(t, apiserverRead(t));
}

/** A watch: mostly informers re-watching after their 5-10 minute timeout. */
export function informerWatch(t: Traffic): void {
  const r = t.rng.next();
  const c = t.cluster;
  if (r < 0.4) {
    send(t, kubeletWatch(t));
  } else if (r < 0.65) {
    send(t, { who: c.controllerManager, verb: 'watch', kind: t.rng.pick(INFORMED) });
  } else if (r < 0.85) {
    const chosen = pickOperator(t);
    send(t, { who: chosen.who, verb: 'watch', kind: t.rng.pick(chosen.operator.reads) });
  } else if (r < 0.92) {
    send(t, {
      who: c.scheduler,
      verb: 'watch',
      kind: t.rng.pick(['pods', 'nodes', 'pvcs', 'csinodes', 'namespaces'] as const),
    });
  } else if (r < 0.97) {
    const kind = t.rng.pick(['pods', 'deployments', 'jobs', 'events'] as const);
    const rv = t.currentResourceVersion() - t.rng.int(0, 400);
    send(t, {
      who: t.rng.pick(c.humans),
      verb: 'watch',
      kind,
      namespace: someNamespace(c, t.rng),
      query: `resourceVersion=${rv}&watch=true`,
      seconds: t.rng.int(20, 900),
    });
  } else {
    send(t, {
      who: c.apiserver,
      verb: 'watch',
      kind: t.rng.pick(['namespaces', 'secrets', 'configmaps', 'leases'] as const),
    });
  }
}

function pickOperator(t: Traffic): Cluster['operators'][number] {
  const ops = t.cluster.operators;
  let total = 0;
  for (const o of ops) total += o.operator.weight;
  let x = t.rng.next() * total;
  for (const o of ops) {
    x -= o.operator.weight;
    if (x < 0) return o;
  }
  return ops[0]!;
}

function kubeletRead(t: Traffic): Read {
  const node = t.rng.pick(t.cluster.nodes);
  const who = node.kubelet;
  const r = t.rng.next();
  if (r < 0.4) return { who, verb: 'get', kind: 'pods', ...existing('pods', t.cluster, t.rng) };
  if (r < 0.6)
    return {
      who,
      verb: 'get',
      kind: 'nodes',
      name: node.name,
      query: 'resourceVersion=0&timeout=10s',
    };
  if (r < 0.75)
    return { who, verb: 'get', kind: 'secrets', ...existing('secrets', t.cluster, t.rng) };
  if (r < 0.92)
    return { who, verb: 'get', kind: 'configmaps', ...existing('configmaps', t.cluster, t.rng) };
  return { who, verb: 'get', kind: 'csinodes', name: node.name };
}

/** Kubelets watch each ConfigMap and Secret their pods mount, and the pods bound to them. */
function kubeletWatch(t: Traffic): Read {
  const node = t.rng.pick(t.cluster.nodes);
  const who = node.kubelet;
  const r = t.rng.next();
  if (r < 0.75) {
    const kind: KindName = t.rng.chance(0.7) ? 'configmaps' : 'secrets';
    const target = existing(kind, t.cluster, t.rng);
    return {
      who,
      verb: 'watch',
      kind,
      namespace: target.namespace,
      selector: `fieldSelector=metadata.name%3D${target.name}`,
    };
  }
  if (r < 0.85)
    return {
      who,
      verb: 'watch',
      kind: 'pods',
      selector: `fieldSelector=spec.nodeName%3D${node.name}`,
    };
  if (r < 0.9)
    return {
      who,
      verb: 'watch',
      kind: 'nodes',
      selector: `fieldSelector=metadata.name%3D${node.name}`,
    };
  return {
    who,
    verb: 'watch',
    kind: t.rng.pick(['services', 'csidrivers', 'runtimeclasses'] as const),
  };
}

const INFORMED: KindName[] = [
  'pods',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'services',
  'endpoints',
  'endpointslices',
  'nodes',
  'namespaces',
  'serviceaccounts',
  'secrets',
  'configmaps',
  'pvcs',
  'pvs',
  'hpas',
  'pdbs',
  'controllerrevisions',
  'leases',
  'clusterroles',
  'rolebindings',
];

function controllerRead(t: Traffic): Read {
  if (t.rng.chance(0.2))
    return {
      who: t.cluster.controllerManager,
      verb: 'list',
      kind: t.rng.pick(INFORMED),
      query: 'limit=500&resourceVersion=0',
    };
  const c = t.cluster.controllerByName;
  const pick = t.rng.next();
  if (pick < 0.3) {
    const namespace = someNamespace(t.cluster, t.rng);
    const who = c.get('root-ca-cert-publisher')!;
    return { who, verb: 'get', kind: 'configmaps', namespace, name: 'kube-root-ca.crt' };
  }
  if (pick < 0.55) {
    const who = c.get('endpointslice-controller')!;
    return { who, verb: 'get', kind: 'services', ...existing('services', t.cluster, t.rng) };
  }
  if (pick < 0.75) {
    const who = c.get('deployment-controller')!;
    return { who, verb: 'get', kind: 'deployments', ...existing('deployments', t.cluster, t.rng) };
  }
  if (pick < 0.9) {
    const namespace = someNamespace(t.cluster, t.rng);
    const who = c.get('service-account-controller')!;
    return { who, verb: 'get', kind: 'serviceaccounts', namespace, name: 'default' };
  }
  const who = c.get('cronjob-controller')!;
  return { who, verb: 'get', kind: 'cronjobs', ...existing('cronjobs', t.cluster, t.rng) };
}

function schedulerList(t: Traffic): Read {
  const kind = t.rng.pick([
    'pods',
    'nodes',
    'pvcs',
    'pvs',
    'csinodes',
    'storageclasses',
    'namespaces',
    'pdbs',
  ] as const);
  return { who: t.cluster.scheduler, verb: 'list', kind, query: 'limit=500&resourceVersion=0' };
}

function operatorRead(t: Traffic): Read {
  const chosen = pickOperator(t);
  const kind = t.rng.pick(chosen.operator.reads);
  if (t.rng.chance(0.72))
    return { who: chosen.who, verb: 'get', kind, ...existing(kind, t.cluster, t.rng) };
  return { who: chosen.who, verb: 'list', kind, query: 'limit=500&resourceVersion=0' };
}

const HUMAN_KINDS: KindName[] = [
  'pods',
  'pods',
  'pods',
  'deployments',
  'services',
  'configmaps',
  'events',
  'jobs',
  'cronjobs',
  'nodes',
  'ingresses',
  'replicasets',
  'statefulsets',
  'namespaces',
];

function humanRead(t: Traffic): Read {
  const who = t.rng.pick(t.cluster.humans);
  const kind = t.rng.pick(HUMAN_KINDS);
  if (t.rng.chance(0.55) && kind !== 'events')
    return { who, verb: 'get', kind, ...existing(kind, t.cluster, t.rng) };
  const namespace = K[kind].namespaced ? someNamespace(t.cluster, t.rng) : undefined;
  return { who, verb: 'list', kind, ...(namespace ? { namespace } : {}), query: 'limit=500' };
}

function apiserverRead(t: Traffic): Read {
  const who = t.cluster.apiserver;
  const kind = t.rng.chance(0.5) ? 'endpoints' : 'services';
  return { who, verb: 'get', kind, namespace: 'default', name: 'kubernetes' };
}

function send(t: Traffic, read: Read): void {
  const kind = K[read.kind];
  const name = read.verb === 'get' ? read.name : undefined;
  let query = read.query;
  let seconds = read.seconds ?? 0;
  if (read.verb === 'watch' && query === undefined) {
    // client-go reflectors pick a timeout between 5 and 10 minutes for each watch.
    seconds = t.rng.int(300, 599);
    const rv = t.currentResourceVersion() - t.rng.int(0, 2000);
    const timeout = `${Math.floor(seconds / 60)}m${seconds % 60}s`;
    const selector = read.selector ? `&${read.selector}` : '';
    query = `allowWatchBookmarks=true${selector}&resourceVersion=${rv}&timeout=${timeout}&timeoutSeconds=${seconds}&watch=true`;
  }
  const uri = escapeQuery(`${pathOf(kind, read.namespace, name)}${query ? `?${query}` : ''}`);
  const ref = refJson(kind, read.namespace, name);
  const missing = read.verb === 'get' && name !== undefined && t.rng.chance(0.015);
  const r: Request = {
    level: 'Metadata',
    verb: read.verb,
    uri,
    who: read.who,
    urlRef: ref,
    ref,
    status: missing ? notFound(kind.resource, name, kind.group) : OK,
  };
  if (read.verb === 'watch') t.watch(r, seconds * 1_000_000 + t.rng.int(200, 90_000), READS);
  else if (read.verb === 'list') t.request(r, t.rng.int(1_500, 90_000), READS);
  else t.request(r, t.rng.int(350, 4_500), READS);
}
