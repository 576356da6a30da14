import { OTHER } from './categories.js';
import type { Traffic } from './context.js';
import { CREATED, OK, type Request } from './envelope.js';
import type { Who } from './identity.js';
import { existing, someNamespace } from './names.js';
import { escapeQuery, K, pathOf, refJson, type Kind } from './resources.js';

/**
 * Everything else a cluster logs: token requests and reviews, bindings, endpoint and status
 * updates, ConfigMap and Secret updates, deletions by controllers, RBAC reads, API discovery
 * and the API server's own health probes.
 */
export function otherRequest(t: Traffic): void {
  const r = t.rng.next();
  if (r < 0.2) tokenRequest(t);
  else if (r < 0.3) review(t, K.tokenreviews);
  else if (r < 0.38) review(t, K.subjectaccessreviews);
  else if (r < 0.48) binding(t);
  else if (r < 0.6) endpointsUpdate(t);
  else if (r < 0.68) statusUpdate(t);
  else if (r < 0.74) configUpdate(t);
  else if (r < 0.79) controllerDelete(t);
  else if (r < 0.86) rbacRead(t);
  else if (r < 0.93) discovery(t);
  else if (r < 0.97) probe(t);
  else nodeStatus(t);
}

function write(
  t: Traffic,
  who: Who,
  verb: string,
  kind: Kind,
  namespace: string | undefined,
  name: string | undefined,
  extra: { subresource?: string; query?: string; status?: string; uid?: boolean } = {},
): void {
  const creates = verb === 'create';
  const urlName = creates && !extra.subresource ? undefined : name;
  const ref = {
    ...(extra.uid ? { uid: t.rng.uuid() } : {}),
    ...(extra.uid
      ? { resourceVersion: String(t.currentResourceVersion() - t.rng.int(5, 900)) }
      : {}),
    ...(extra.subresource ? { subresource: extra.subresource } : {}),
  };
  const subresource = extra.subresource ? { subresource: extra.subresource } : {};
  t.nextResourceVersion();
  const r: Request = {
    level: 'Metadata',
    verb,
    uri: escapeQuery(
      `${pathOf(kind, namespace, urlName, extra.subresource)}${extra.query ? `?${extra.query}` : ''}`,
    ),
    who,
    urlRef: refJson(kind, namespace, urlName, subresource),
    ref: refJson(kind, namespace, name, ref),
    status: extra.status ?? (creates ? CREATED : OK),
  };
  t.request(r, t.rng.int(1_200, 18_000), OTHER);
}

/** Kubelets fetch bound tokens for the pods they run (the projected token volume). */
function tokenRequest(t: Traffic): void {
  const node = t.rng.pick(t.cluster.nodes);
  const target = existing('serviceaccounts', t.cluster, t.rng);
  write(t, node.kubelet, 'create', K.serviceaccounts, target.namespace, target.name, {
    subresource: 'token',
  });
}

/** Webhook authenticators and authorizers behind kube-rbac-proxy and metrics-server. */
function review(t: Traffic, kind: Kind): void {
  const reviewers = t.cluster.operators.filter((o) =>
    ['kube-state-metrics', 'metrics-server', 'prometheus-operator', 'cert-manager'].includes(
      o.operator.serviceAccount,
    ),
  );
  write(t, t.rng.pick(reviewers).who, 'create', kind, undefined, undefined);
}

function binding(t: Traffic): void {
  const pod = existing('pods', t.cluster, t.rng);
  write(t, t.cluster.scheduler, 'create', K.pods, pod.namespace, pod.name, {
    subresource: 'binding',
  });
}

function endpointsUpdate(t: Traffic): void {
  const c = t.cluster.controllerByName;
  if (t.rng.chance(0.6)) {
    const slice = existing('endpointslices', t.cluster, t.rng);
    write(
      t,
      c.get('endpointslice-controller')!,
      'update',
      K.endpointslices,
      slice.namespace,
      slice.name,
      { uid: true },
    );
  } else {
    const svc = existing('endpoints', t.cluster, t.rng);
    write(t, c.get('endpoint-controller')!, 'update', K.endpoints, svc.namespace, svc.name, {
      uid: true,
    });
  }
}

function statusUpdate(t: Traffic): void {
  const c = t.cluster.controllerByName;
  if (t.rng.chance(0.5)) {
    const rs = existing('replicasets', t.cluster, t.rng);
    write(t, c.get('replicaset-controller')!, 'update', K.replicasets, rs.namespace, rs.name, {
      subresource: 'status',
      uid: true,
    });
  } else {
    const d = existing('deployments', t.cluster, t.rng);
    write(t, c.get('deployment-controller')!, 'update', K.deployments, d.namespace, d.name, {
      subresource: 'status',
      uid: true,
    });
  }
}

/** The cluster autoscaler's status ConfigMap, and certificates renewed into Secrets. */
function configUpdate(t: Traffic): void {
  const ops = t.cluster.operators;
  if (t.rng.chance(0.7)) {
    const autoscaler = ops.find((o) => o.operator.serviceAccount === 'cluster-autoscaler')!;
    write(t, autoscaler.who, 'update', K.configmaps, 'kube-system', 'cluster-autoscaler-status', {
      uid: true,
    });
  } else {
    const certManager = ops.find((o) => o.operator.serviceAccount === 'cert-manager')!;
    const app = t.rng.pick(t.cluster.apps).app;
    write(t, certManager.who, 'update', K.secrets, app.namespace, `${app.name}-tls`, { uid: true });
  }
}

function controllerDelete(t: Traffic): void {
  const c = t.cluster.controllerByName;
  if (t.rng.chance(0.5)) {
    const job = existing('jobs', t.cluster, t.rng);
    write(t, c.get('cronjob-controller')!, 'delete', K.jobs, job.namespace, job.name);
  } else {
    const pod = existing('pods', t.cluster, t.rng);
    write(t, c.get('pod-garbage-collector')!, 'delete', K.pods, pod.namespace, pod.name);
  }
}

function rbacRead(t: Traffic): void {
  const kind = t.rng.pick([K.clusterroles, K.clusterrolebindings, K.roles, K.rolebindings]);
  const who = t.rng.chance(0.5) ? t.cluster.controllerManager : t.rng.pick(t.cluster.humans);
  const namespace = kind.namespaced ? someNamespace(t.cluster, t.rng) : undefined;
  const get = t.rng.chance(0.4);
  const name = get
    ? existing(
        kind === K.roles || kind === K.rolebindings ? 'roles' : 'clusterroles',
        t.cluster,
        t.rng,
      ).name
    : undefined;
  const ref = refJson(kind, namespace, name);
  const r: Request = {
    level: 'Metadata',
    verb: get ? 'get' : 'list',
    uri: escapeQuery(`${pathOf(kind, namespace, name)}${get ? '' : '?limit=500'}`),
    who,
    urlRef: ref,
    ref,
    status: OK,
  };
  t.request(r, t.rng.int(800, 9_000), OTHER);
}

/** kubectl asks what the server serves before almost every command. */
function discovery(t: Traffic): void {
  const uri = t.rng.pick([
    '/api?timeout=32s',
    '/apis?timeout=32s',
    '/version?timeout=32s',
    '/openapi/v3?timeout=32s',
  ]);
  const r: Request = {
    level: 'Metadata',
    verb: 'get',
    uri,
    who: t.rng.pick(t.cluster.humans),
    status: OK,
  };
  t.request(r, t.rng.int(300, 3_000), OTHER);
}

/** The kubelet probing the API server's own static pod (anonymous, allowed on /livez, /readyz). */
function probe(t: Traffic): void {
  const r: Request = {
    level: 'Metadata',
    verb: 'get',
    uri: t.rng.pick(['/livez', '/readyz', '/readyz', '/livez']),
    who: t.cluster.probe,
    status: OK,
  };
  t.request(r, t.rng.int(300, 2_500), OTHER);
}

function nodeStatus(t: Traffic): void {
  const node = t.rng.pick(t.cluster.nodes);
  write(t, node.kubelet, 'patch', K.nodes, undefined, node.name, {
    subresource: 'status',
    query: 'timeout=10s',
  });
}
