import { emptyStatus } from './defaults.js';
import { inServerOrder } from './field-order.js';
import { secondsTime } from './ids.js';
import { child, clone, isRecord, records, str, type JsonObject } from './json.js';
import { changedFields, fieldsV1 } from './managed-fields.js';
import { hasGeneration } from './resources.js';

export interface WriteStamp {
  kind: string;
  namespace: string | undefined;
  uid: string;
  resourceVersion: string;
  micros: number;
  manager: string;
  operation: 'Update' | 'Apply';
  /** The gv the manager wrote with (`batch/v1`). */
  apiVersion: string;
  subresource?: string;
  /** Kubernetes minor version, for fields and labels that depend on the release. */
  minor: number;
  /** Suffix for a name the server generates from `generateName`. */
  generatedSuffix: string;
  /** Suffix of the service-account token volume admission adds to a Pod. */
  tokenVolumeSuffix: string;
  /** The fields the manager claims; a server-side apply owns exactly what its body sets. */
  owned?: JsonObject;
}

/** What the server stores for a create: the decoded object plus identity, strategy, admission. */
export function storeCreate(request: JsonObject, stamp: WriteStamp): JsonObject {
  const stored = clone(request);
  const metadata = child(stored, 'metadata');
  if (!str(metadata.name) && str(metadata.generateName))
    metadata.name = `${str(metadata.generateName)}${stamp.generatedSuffix}`;
  if (stamp.namespace) metadata.namespace = stamp.namespace;
  metadata.uid = stamp.uid;
  metadata.resourceVersion = stamp.resourceVersion;
  if (hasGeneration(stamp.kind)) metadata.generation = 1;
  metadata.creationTimestamp = secondsTime(stamp.micros);
  metadata.managedFields = [managedEntry(stamp.owned ?? request, stamp)];
  if (stamp.kind === 'Job') jobStrategy(stored, stamp);
  if (stamp.kind === 'Pod') podAdmission(stored, stamp);
  else if ('status' in stored) stored.status = emptyStatus(stamp.kind);
  return inServerOrder(stored) as JsonObject;
}

/**
 * What the server stores for an update or patch of `previous`: identity and creation time kept,
 * generation bumped when the spec changed, the manager's entry refreshed. A status write
 * changes only status; a main-resource write never changes status.
 */
export function storeUpdate(previous: JsonObject, next: JsonObject, stamp: WriteStamp): JsonObject {
  const before = child(previous, 'metadata');
  const stored = clone(next);
  if (stamp.subresource === 'status') stored.spec = clone(previous.spec);
  else if (stamp.subresource !== 'ephemeralcontainers' && 'status' in previous)
    stored.status = clone(previous.status);
  if (stamp.subresource === 'ephemeralcontainers') {
    const spec = clone(child(previous, 'spec'));
    spec.ephemeralContainers = child(stored, 'spec').ephemeralContainers;
    stored.spec = spec;
    stored.status = clone(previous.status);
  }
  const metadata = child(stored, 'metadata');
  for (const key of ['name', 'namespace', 'uid', 'creationTimestamp', 'generateName'] as const)
    if (before[key] !== undefined) metadata[key] = before[key];
  metadata.resourceVersion = stamp.resourceVersion;
  if (hasGeneration(stamp.kind)) {
    const generation = typeof before.generation === 'number' ? before.generation : 1;
    const changed = JSON.stringify(previous.spec) !== JSON.stringify(stored.spec);
    metadata.generation = changed && stamp.subresource !== 'status' ? generation + 1 : generation;
  }
  const changed = stamp.owned ?? changedFields(previous, stored);
  const entries = records(before.managedFields);
  // A write that changes nothing leaves managedFields as they were.
  if (!isRecord(changed)) {
    metadata.managedFields = entries;
    return inServerOrder(stored) as JsonObject;
  }
  const entry = managedEntry(changed, stamp);
  const kept = entries.filter(
    (e) =>
      !(
        e.manager === entry.manager &&
        e.operation === entry.operation &&
        (e.subresource ?? '') === (entry.subresource ?? '')
      ),
  );
  metadata.managedFields = [...kept, entry];
  return inServerOrder(stored) as JsonObject;
}

function managedEntry(object: JsonObject, stamp: WriteStamp): JsonObject {
  const only = stamp.subresource === 'status' ? 'status' : undefined;
  const owned = fieldsV1(object, only);
  const entry: JsonObject = {
    manager: stamp.manager,
    operation: stamp.operation,
    apiVersion: stamp.apiVersion,
    time: secondsTime(stamp.micros),
    fieldsType: 'FieldsV1',
    fieldsV1: owned,
  };
  if (stamp.subresource) entry.subresource = stamp.subresource;
  return entry;
}

/** The Job strategy generates the selector and labels that tie the Job to its Pods. */
function jobStrategy(job: JsonObject, stamp: WriteStamp): void {
  const spec = child(job, 'spec');
  const metadata = child(job, 'metadata');
  const name = str(metadata.name) ?? '';
  const templateMeta = child(child(spec, 'template'), 'metadata');
  const generated: Record<string, string> =
    stamp.minor >= 27
      ? {
          'batch.kubernetes.io/controller-uid': stamp.uid,
          'batch.kubernetes.io/job-name': name,
          'controller-uid': stamp.uid,
          'job-name': name,
        }
      : { 'controller-uid': stamp.uid, 'job-name': name };
  if (spec.manualSelector !== true) {
    const key = stamp.minor >= 27 ? 'batch.kubernetes.io/controller-uid' : 'controller-uid';
    spec.selector = { matchLabels: { [key]: stamp.uid } };
    templateMeta.labels = {
      ...(isRecord(templateMeta.labels) ? templateMeta.labels : {}),
      ...generated,
    };
  }
  // Read back from storage, an unlabeled Job is defaulted to its template's labels.
  if (!isRecord(metadata.labels) || Object.keys(metadata.labels).length === 0)
    metadata.labels = { ...(templateMeta.labels as JsonObject) };
}

const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const PRIORITY_BY_CLASS: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** ServiceAccount, DefaultTolerationSeconds and Priority admission, and the initial status. */
function podAdmission(pod: JsonObject, stamp: WriteStamp): void {
  const spec = child(pod, 'spec');
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  if (spec.automountServiceAccountToken !== false) {
    const volumeName = `kube-api-access-${stamp.tokenVolumeSuffix}`;
    spec.volumes = [...records(spec.volumes), tokenVolume(volumeName)];
    for (const c of [...records(spec.initContainers), ...records(spec.containers)]) {
      const mount = { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT };
      c.volumeMounts = [...records(c.volumeMounts), mount];
    }
  }
  const tolerations = records(spec.tolerations);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const tolerated = tolerations.some(
      (t) =>
        (t.key === key || (!t.key && t.operator === 'Exists')) &&
        (!t.effect || t.effect === 'NoExecute'),
    );
    if (!tolerated)
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
  spec.priority ??= PRIORITY_BY_CLASS[str(spec.priorityClassName) ?? ''] ?? 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  pod.status = { phase: 'Pending', qosClass: qosClass(spec) };
}

function tokenVolume(name: string): JsonObject {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
      defaultMode: 420,
    },
  };
}

/** Guaranteed when every container's cpu and memory limits equal its requests. */
export function qosClass(spec: JsonObject): string {
  const containers = [...records(spec.initContainers), ...records(spec.containers)];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const resources = isRecord(c.resources) ? c.resources : {};
    const limits = isRecord(resources.limits) ? resources.limits : {};
    const requests = isRecord(resources.requests) ? resources.requests : {};
    if (Object.keys(limits).length > 0 || Object.keys(requests).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || requests[r] !== limits[r]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
