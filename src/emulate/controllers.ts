import { secondsTime } from './ids.js';
import { clone, dig, isRecord, records, str, type JsonObject } from './json.js';
import type { Actor } from './types.js';

/** Where kube-controller-manager connects from in the emulated cluster. */
export const CONTROL_PLANE_IP = '10.0.1.10';

/**
 * A kube-controller-manager controller, running with its own service account
 * (`--use-service-account-credentials`, the kubeadm and managed-cluster default).
 */
export function controllerActor(
  name: string,
  k8s: { version: string; commit: string },
  uid: string,
): Actor {
  const username = `system:serviceaccount:kube-system:${name}`;
  return {
    username,
    uid,
    groups: [
      'system:serviceaccounts',
      'system:serviceaccounts:kube-system',
      'system:authenticated',
    ],
    sourceIP: CONTROL_PLANE_IP,
    userAgent: `kube-controller-manager/${k8s.version} (linux/amd64) kubernetes/${k8s.commit}/${username}`,
    authorizationReason: `RBAC: allowed by ClusterRoleBinding "system:controller:${name}" of ClusterRole "system:controller:${name}" to ServiceAccount "${name}/kube-system"`,
  };
}

/** metav1.NewControllerRef: the owner a controller stamps on everything it creates. */
export function controllerRef(owner: JsonObject, apiVersion: string, kind: string): JsonObject {
  return {
    apiVersion,
    kind,
    name: dig(owner, 'metadata', 'name'),
    uid: dig(owner, 'metadata', 'uid'),
    controller: true,
    blockOwnerDeletion: true,
  };
}

function templateOf(holder: unknown): { metadata: JsonObject; spec: JsonObject } {
  const metadata = dig(holder, 'template', 'metadata');
  const spec = dig(holder, 'template', 'spec');
  return {
    metadata: isRecord(metadata) ? metadata : {},
    spec: isRecord(spec) ? clone(spec) : {},
  };
}

function present(map: unknown): JsonObject | undefined {
  return isRecord(map) && Object.keys(map).length > 0 ? clone(map) : undefined;
}

/** The Job the CronJob controller creates for one scheduled time (`<cronjob>-<minutes>`). */
export function jobForRun(cronJob: JsonObject, scheduledMs: number, minor: number): JsonObject {
  const template = dig(cronJob, 'spec', 'jobTemplate');
  const annotations: JsonObject = present(dig(template, 'metadata', 'annotations')) ?? {};
  // The scheduled-time annotation exists from 1.28 (CronJobsScheduledAnnotation).
  if (minor >= 28)
    annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'] = secondsTime(
      scheduledMs * 1000,
    );
  const metadata: JsonObject = {
    name: `${str(dig(cronJob, 'metadata', 'name'))}-${Math.floor(scheduledMs / 60000)}`,
    // The controller sets it to the schedule time; the server replaces it on create.
    creationTimestamp: secondsTime(scheduledMs * 1000),
    labels: present(dig(template, 'metadata', 'labels')),
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    ownerReferences: [controllerRef(cronJob, 'batch/v1', 'CronJob')],
  };
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: withoutUndefined(metadata),
    spec: clone(dig(template, 'spec')),
  };
}

/** The CronJob status the controller writes after starting a run. */
export function statusAfterRun(
  job: JsonObject,
  scheduledMs: number,
  previousRunMs: number | null,
): JsonObject {
  const status: JsonObject = {
    active: [
      {
        kind: 'Job',
        namespace: dig(job, 'metadata', 'namespace'),
        name: dig(job, 'metadata', 'name'),
        uid: dig(job, 'metadata', 'uid'),
        apiVersion: 'batch/v1',
        resourceVersion: dig(job, 'metadata', 'resourceVersion'),
      },
    ],
    lastScheduleTime: secondsTime(scheduledMs * 1000),
  };
  if (previousRunMs !== null)
    status.lastSuccessfulTime = secondsTime((previousRunMs + 23_000) * 1000);
  return { status };
}

/** A Pod a workload controller creates from its template. */
export function podFromTemplate(
  owner: JsonObject,
  ownerApiVersion: string,
  ownerKind: string,
  naming: { name?: string; generateName?: string },
  extraLabels: Record<string, string> = {},
): JsonObject {
  const template = templateOf(owner.spec);
  const metadata: JsonObject = {
    name: naming.name,
    generateName: naming.generateName,
    labels: { ...(present(template.metadata.labels) ?? {}), ...extraLabels },
    annotations: present(template.metadata.annotations),
    ownerReferences: [controllerRef(owner, ownerApiVersion, ownerKind)],
  };
  // Job pods carry the tracking finalizer so the controller counts them before they vanish.
  if (ownerKind === 'Job') metadata.finalizers = ['batch.kubernetes.io/job-tracking'];
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: withoutUndefined(metadata),
    spec: template.spec,
  };
}

/** The ReplicaSet a Deployment rollout creates, named after its pod-template hash. */
export function replicaSetFor(deployment: JsonObject, hash: string, revision: number): JsonObject {
  const template = templateOf(deployment.spec);
  const replicas =
    typeof dig(deployment, 'spec', 'replicas') === 'number'
      ? (dig(deployment, 'spec', 'replicas') as number)
      : 1;
  const labels = { ...(present(template.metadata.labels) ?? {}), 'pod-template-hash': hash };
  const matchLabels = { ...(present(dig(deployment, 'spec', 'selector', 'matchLabels')) ?? {}) };
  const templateMeta = withoutUndefined({
    labels,
    annotations: present(template.metadata.annotations),
  });
  return {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    metadata: {
      name: `${str(dig(deployment, 'metadata', 'name'))}-${hash}`,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
        'deployment.kubernetes.io/revision': String(revision),
      },
      ownerReferences: [controllerRef(deployment, 'apps/v1', 'Deployment')],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...matchLabels, 'pod-template-hash': hash } },
      template: { metadata: templateMeta, spec: template.spec },
    },
  };
}

/** What the DaemonSet controller adds to each pod: its node, and taints it must survive. */
export function pinToNode(pod: JsonObject, node: string, hostNetwork: boolean): void {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  spec.affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
        ],
      },
    },
  };
  const tolerations = records(spec.tolerations);
  const add = (key: string, effect: string) => {
    if (!tolerations.some((t) => t.key === key && t.effect === effect))
      tolerations.push({ key, operator: 'Exists', effect });
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  spec.tolerations = tolerations;
}

function withoutUndefined(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
