import { dig, isRecord, type JsonObject } from './json.js';

/** Kinds of the resources scenarios write; the builder only needs kind names for bodies. */
const KIND_BY_RESOURCE: Record<string, string> = {
  cronjobs: 'CronJob',
  jobs: 'Job',
  pods: 'Pod',
  deployments: 'Deployment',
  daemonsets: 'DaemonSet',
  statefulsets: 'StatefulSet',
  replicasets: 'ReplicaSet',
  replicationcontrollers: 'ReplicationController',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  leases: 'Lease',
  services: 'Service',
  serviceaccounts: 'ServiceAccount',
  namespaces: 'Namespace',
  nodes: 'Node',
  events: 'Event',
};

export const RESOURCE_BY_KIND: Record<string, string> = Object.fromEntries(
  Object.entries(KIND_BY_RESOURCE).map(([resource, kind]) => [kind, resource]),
);

const CLUSTER_SCOPED = new Set(['namespaces', 'nodes']);

export function kindOf(resource: string): string {
  return KIND_BY_RESOURCE[resource] ?? resource;
}

export function isClusterScoped(resource: string): boolean {
  return CLUSTER_SCOPED.has(resource);
}

/** Whether the API server keeps `metadata.generation` for this kind (Pods do not, in 1.29). */
export function hasGeneration(kind: string): boolean {
  return kind !== 'Pod' && kind !== 'ConfigMap' && kind !== 'Secret' && kind !== 'Lease';
}

/** The pod template holder (`{metadata, spec}`) of a workload, or the Pod itself. */
export function podTemplateOf(kind: string, object: unknown): JsonObject | null {
  const holder =
    kind === 'Pod'
      ? object
      : kind === 'CronJob'
        ? dig(object, 'spec', 'jobTemplate', 'spec', 'template')
        : dig(object, 'spec', 'template');
  return isRecord(holder) ? holder : null;
}

/** `/apis/batch/v1` or `/api/v1`. */
export function groupVersionPath(apiGroup: string, apiVersion: string): string {
  return apiGroup === '' ? `/api/${apiVersion}` : `/apis/${apiGroup}/${apiVersion}`;
}

/** `batch/v1` or `v1`, as objects and owner references spell it. */
export function groupVersion(apiGroup: string, apiVersion: string): string {
  return apiGroup === '' ? apiVersion : `${apiGroup}/${apiVersion}`;
}
