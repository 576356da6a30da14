import type { JsonObject } from '../json.js';

/**
 * Manifest builders: plain objects shaped like what a client sends. They only save typing;
 * every field a scenario needs is still written out in the scenario itself.
 */
export interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function container(name: string, image: string, extra: JsonObject = {}): JsonObject {
  return { name, image, ...extra };
}

/** `command: [shell, -c, script]`, the form almost every payload takes. */
export function shell(script: string, sh = '/bin/sh'): JsonObject {
  return { command: [sh, '-c', script] };
}

export function hostPathVolume(name: string, path: string, type?: string): JsonObject {
  return { name, hostPath: type === undefined ? { path } : { path, type } };
}

export function mount(name: string, mountPath: string, readOnly?: boolean): JsonObject {
  return readOnly === undefined ? { name, mountPath } : { name, mountPath, readOnly };
}

function metadata(meta: Meta): JsonObject {
  const out: JsonObject = { name: meta.name };
  if (meta.namespace) out.namespace = meta.namespace;
  if (meta.labels) out.labels = meta.labels;
  if (meta.annotations) out.annotations = meta.annotations;
  return out;
}

function template(labels: Record<string, string> | undefined, podSpec: JsonObject): JsonObject {
  return labels ? { metadata: { labels }, spec: podSpec } : { spec: podSpec };
}

export function cronJob(
  meta: Meta,
  schedule: string,
  podSpec: JsonObject,
  extra: { templateLabels?: Record<string, string>; spec?: JsonObject; apiVersion?: string } = {},
): JsonObject {
  return {
    apiVersion: extra.apiVersion ?? 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(meta),
    spec: {
      schedule,
      ...extra.spec,
      jobTemplate: { spec: { template: template(extra.templateLabels, podSpec) } },
    },
  };
}

export function job(
  meta: Meta,
  podSpec: JsonObject,
  extra: { templateLabels?: Record<string, string>; spec?: JsonObject } = {},
): JsonObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(meta),
    spec: { ...extra.spec, template: template(extra.templateLabels, podSpec) },
  };
}

export function pod(meta: Meta, spec: JsonObject): JsonObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata(meta), spec };
}

type AppsKind = 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'ReplicaSet';

/** An apps/v1 workload selecting its pods by `app: <name>` unless told otherwise. */
export function appsWorkload(
  kind: AppsKind,
  meta: Meta,
  podSpec: JsonObject,
  extra: {
    replicas?: number;
    selector?: Record<string, string>;
    templateLabels?: Record<string, string>;
    spec?: JsonObject;
  } = {},
): JsonObject {
  const selector = extra.selector ?? { app: meta.labels?.app ?? meta.name };
  const spec: JsonObject = {};
  if (extra.replicas !== undefined) spec.replicas = extra.replicas;
  spec.selector = { matchLabels: selector };
  Object.assign(spec, extra.spec);
  spec.template = template({ ...selector, ...extra.templateLabels }, podSpec);
  return { apiVersion: 'apps/v1', kind, metadata: metadata(meta), spec };
}

export function replicationController(meta: Meta, podSpec: JsonObject, replicas = 1): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: metadata(meta),
    spec: {
      replicas,
      selector: { app: meta.name },
      template: template({ app: meta.name }, podSpec),
    },
  };
}

/** What `kubectl apply` adds before creating: the manifest itself, JSON with sorted keys. */
export function withLastApplied(manifest: JsonObject): JsonObject {
  const meta = (manifest.metadata ?? {}) as JsonObject;
  const annotations = (meta.annotations ?? {}) as Record<string, string>;
  const recorded = { ...manifest, metadata: { ...meta, annotations } };
  return {
    ...manifest,
    metadata: {
      ...meta,
      annotations: {
        ...annotations,
        'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(sortKeys(recorded))}\n`,
      },
    },
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as JsonObject).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
