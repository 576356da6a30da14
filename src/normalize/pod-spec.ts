/** Workload kinds whose objects carry a pod spec, by API resource name. */
export const WORKLOAD_KINDS: ReadonlyMap<string, string> = new Map([
  ['pods', 'Pod'],
  ['cronjobs', 'CronJob'],
  ['jobs', 'Job'],
  ['deployments', 'Deployment'],
  ['daemonsets', 'DaemonSet'],
  ['statefulsets', 'StatefulSet'],
  ['replicasets', 'ReplicaSet'],
  ['replicationcontrollers', 'ReplicationController'],
  ['podtemplates', 'PodTemplate'],
]);

const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};
const CONTROLLER_PATH = ['spec', 'template', 'spec'];

export interface LocatedPodSpec {
  spec: Record<string, unknown>;
  /** The pod template's (or pod's) metadata: labels of what will run. */
  podMetadata: Record<string, unknown> | null;
  path: string;
}

/**
 * The pod spec inside an object of the given kind. The kind comes from the API resource, not
 * from the body: a patch body has no `kind`, and a body claiming another kind than the URL it
 * was sent to cannot change where the API server reads the spec.
 */
export function locatePodSpec(
  kind: string,
  object: Record<string, unknown>,
): LocatedPodSpec | null {
  const path = POD_SPEC_PATHS[kind] ?? CONTROLLER_PATH;
  let node: unknown = object;
  let parent: unknown = null;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return null;
    parent = node;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return null;
  const meta = (parent as Record<string, unknown>).metadata;
  return {
    spec: node as Record<string, unknown>,
    podMetadata: isRecord(meta) ? meta : kind === 'Pod' ? metadataOf(object) : null,
    path: path.join('.'),
  };
}

function metadataOf(object: Record<string, unknown>): Record<string, unknown> | null {
  return isRecord(object.metadata) ? object.metadata : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function asBool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}
