/** A resource clients read and write: where its URLs live and how objectRef names it. */
export interface Kind {
  resource: string;
  group: string;
  version: string;
  namespaced: boolean;
}

const kind = (resource: string, group: string, version: string, namespaced = true): Kind => ({
  resource,
  group,
  version,
  namespaced,
});

export const K = {
  pods: kind('pods', '', 'v1'),
  configmaps: kind('configmaps', '', 'v1'),
  secrets: kind('secrets', '', 'v1'),
  services: kind('services', '', 'v1'),
  endpoints: kind('endpoints', '', 'v1'),
  events: kind('events', '', 'v1'),
  serviceaccounts: kind('serviceaccounts', '', 'v1'),
  pvcs: kind('persistentvolumeclaims', '', 'v1'),
  nodes: kind('nodes', '', 'v1', false),
  namespaces: kind('namespaces', '', 'v1', false),
  pvs: kind('persistentvolumes', '', 'v1', false),
  deployments: kind('deployments', 'apps', 'v1'),
  replicasets: kind('replicasets', 'apps', 'v1'),
  statefulsets: kind('statefulsets', 'apps', 'v1'),
  daemonsets: kind('daemonsets', 'apps', 'v1'),
  controllerrevisions: kind('controllerrevisions', 'apps', 'v1'),
  jobs: kind('jobs', 'batch', 'v1'),
  cronjobs: kind('cronjobs', 'batch', 'v1'),
  leases: kind('leases', 'coordination.k8s.io', 'v1'),
  endpointslices: kind('endpointslices', 'discovery.k8s.io', 'v1'),
  eventsV1: kind('events', 'events.k8s.io', 'v1'),
  ingresses: kind('ingresses', 'networking.k8s.io', 'v1'),
  networkpolicies: kind('networkpolicies', 'networking.k8s.io', 'v1'),
  pdbs: kind('poddisruptionbudgets', 'policy', 'v1'),
  hpas: kind('horizontalpodautoscalers', 'autoscaling', 'v2'),
  csinodes: kind('csinodes', 'storage.k8s.io', 'v1', false),
  csidrivers: kind('csidrivers', 'storage.k8s.io', 'v1', false),
  storageclasses: kind('storageclasses', 'storage.k8s.io', 'v1', false),
  runtimeclasses: kind('runtimeclasses', 'node.k8s.io', 'v1', false),
  clusterroles: kind('clusterroles', 'rbac.authorization.k8s.io', 'v1', false),
  clusterrolebindings: kind('clusterrolebindings', 'rbac.authorization.k8s.io', 'v1', false),
  roles: kind('roles', 'rbac.authorization.k8s.io', 'v1'),
  rolebindings: kind('rolebindings', 'rbac.authorization.k8s.io', 'v1'),
  crds: kind('customresourcedefinitions', 'apiextensions.k8s.io', 'v1', false),
  tokenreviews: kind('tokenreviews', 'authentication.k8s.io', 'v1', false),
  subjectaccessreviews: kind('subjectaccessreviews', 'authorization.k8s.io', 'v1', false),
  certificates: kind('certificates', 'cert-manager.io', 'v1'),
  applications: kind('applications', 'argoproj.io', 'v1alpha1'),
  servicemonitors: kind('servicemonitors', 'monitoring.coreos.com', 'v1'),
} as const;

export type KindName = keyof typeof K;

/** The request path (no query) for a resource, optionally in a namespace, named, subresource. */
export function pathOf(k: Kind, namespace?: string, name?: string, subresource?: string): string {
  let path = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  if (namespace && k.namespaced) path += `/namespaces/${namespace}`;
  path += `/${k.resource}`;
  if (name) path += `/${name}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

export interface RefExtra {
  uid?: string;
  resourceVersion?: string;
  subresource?: string;
}

/**
 * objectRef as JSON, fields in audit.k8s.io order. Every name the generator makes is plain
 * ASCII (DNS labels, paths), so nothing needs escaping.
 */
export function refJson(k: Kind, namespace?: string, name?: string, extra: RefExtra = {}): string {
  let out = `{"resource":"${k.resource}"`;
  if (namespace && k.namespaced) out += `,"namespace":"${namespace}"`;
  if (name) out += `,"name":"${name}"`;
  if (extra.uid) out += `,"uid":"${extra.uid}"`;
  if (k.group) out += `,"apiGroup":"${k.group}"`;
  out += `,"apiVersion":"${k.version}"`;
  if (extra.resourceVersion) out += `,"resourceVersion":"${extra.resourceVersion}"`;
  if (extra.subresource) out += `,"subresource":"${extra.subresource}"`;
  return `${out}}`;
}

/** Go's JSON encoder writes `&` in strings as \u0026: query strings in requestURI show it. */
export function escapeQuery(uri: string): string {
  return uri.replaceAll('&', '\\u0026');
}
