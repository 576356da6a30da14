import { child, isRecord, records, str, type JsonObject } from './json.js';

/**
 * The defaulting the API server applies while decoding a request, so `requestObject` already
 * carries it (the log re-encodes the decoded object) and `responseObject` builds on it. Only
 * what the generated defaulters of batch/v1, apps/v1 and core/v1 set is modelled.
 */
export function applyDefaults(kind: string, object: JsonObject): void {
  const metadata = child(object, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
  const spec = child(object, 'spec');
  switch (kind) {
    case 'CronJob':
      defaultCronJob(spec);
      break;
    case 'Job':
      defaultJob(object, spec);
      break;
    case 'Deployment':
      spec.replicas ??= 1;
      spec.strategy ??= { type: 'RollingUpdate' };
      if (isRecord(spec.strategy) && spec.strategy.type === 'RollingUpdate')
        spec.strategy.rollingUpdate ??= { maxUnavailable: '25%', maxSurge: '25%' };
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      defaultTemplate(spec);
      break;
    case 'DaemonSet':
      spec.updateStrategy ??= { type: 'RollingUpdate' };
      if (isRecord(spec.updateStrategy) && spec.updateStrategy.type === 'RollingUpdate')
        spec.updateStrategy.rollingUpdate ??= { maxUnavailable: 1, maxSurge: 0 };
      spec.revisionHistoryLimit ??= 10;
      defaultTemplate(spec);
      break;
    case 'StatefulSet':
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      defaultTemplate(spec);
      break;
    case 'ReplicaSet':
      spec.replicas ??= 1;
      defaultTemplate(spec);
      break;
    case 'ReplicationController': {
      spec.replicas ??= 1;
      const labels = dictionary(child(child(spec, 'template'), 'metadata').labels);
      if (!isRecord(spec.selector) && labels) spec.selector = { ...labels };
      if (!isRecord(metadata.labels) && labels) metadata.labels = { ...labels };
      defaultTemplate(spec);
      break;
    }
    case 'Pod':
      defaultPodSpec(spec, true);
      break;
    default:
      return;
  }
  object.status ??= emptyStatus(kind);
}

/** What a zero status encodes to: DaemonSet, StatefulSet and replica counts are not omitempty. */
export function emptyStatus(kind: string): JsonObject {
  switch (kind) {
    case 'DaemonSet':
      return {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
      };
    case 'StatefulSet':
      return { replicas: 0, availableReplicas: 0 };
    case 'ReplicaSet':
    case 'ReplicationController':
      return { replicas: 0 };
    default:
      return {};
  }
}

function defaultCronJob(spec: JsonObject): void {
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = child(spec, 'jobTemplate');
  embeddedMeta(jobTemplate);
  // The Job defaulter is registered for Job, not JobSpec, so a template keeps no backoffLimit.
  defaultTemplate(child(jobTemplate, 'spec'));
}

function defaultJob(job: JsonObject, spec: JsonObject): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  if (spec.backoffLimitPerIndex === undefined) spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  if (spec.podFailurePolicy === undefined) spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  defaultTemplate(spec);
  const metadata = child(job, 'metadata');
  const templateLabels = dictionary(child(child(spec, 'template'), 'metadata').labels);
  if (templateLabels && !dictionary(metadata.labels)) metadata.labels = { ...templateLabels };
}

function defaultTemplate(spec: JsonObject): void {
  const template = child(spec, 'template');
  embeddedMeta(template);
  defaultPodSpec(child(template, 'spec'), false);
}

/** Embedded ObjectMeta is a struct, so an unset creationTimestamp still encodes as null. */
function embeddedMeta(holder: JsonObject): void {
  const metadata = child(holder, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
}

export function defaultPodSpec(spec: JsonObject, isPod: boolean): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  // v1 still carries the deprecated serviceAccount field; conversion mirrors the name into it.
  if (typeof spec.serviceAccountName === 'string') spec.serviceAccount ??= spec.serviceAccountName;
  if (isPod) spec.enableServiceLinks ??= true;
  for (const c of records(spec.initContainers))
    defaultContainer(c, spec.hostNetwork === true, isPod);
  for (const c of records(spec.containers)) defaultContainer(c, spec.hostNetwork === true, isPod);
  for (const c of records(spec.ephemeralContainers)) defaultContainer(c, false, isPod);
  for (const v of records(spec.volumes)) defaultVolume(v);
}

export function defaultContainer(
  container: JsonObject,
  hostNetwork: boolean,
  isPod: boolean,
): void {
  const resources = child(container, 'resources');
  // Only a Pod copies limits into missing requests; templates keep what the user wrote.
  if (isPod && isRecord(resources.limits)) {
    const requests = isRecord(resources.requests) ? resources.requests : {};
    for (const [k, v] of Object.entries(resources.limits)) requests[k] ??= v;
    resources.requests = requests;
  }
  for (const port of records(container.ports)) {
    port.protocol ??= 'TCP';
    if (hostNetwork) port.hostPort ??= port.containerPort;
  }
  for (const env of records(container.env)) {
    const fieldRef =
      env.valueFrom === undefined ? undefined : (env.valueFrom as JsonObject).fieldRef;
    if (isRecord(fieldRef)) fieldRef.apiVersion ??= 'v1';
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = container[probe];
    if (!isRecord(p)) continue;
    if (isRecord(p.httpGet)) p.httpGet.scheme ??= 'HTTP';
    p.timeoutSeconds ??= 1;
    p.periodSeconds ??= 10;
    p.successThreshold ??= 1;
    p.failureThreshold ??= 3;
  }
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.imagePullPolicy ??= pullPolicyFor(str(container.image) ?? '');
}

/** `Always` for `:latest` or an untagged image, `IfNotPresent` for a tag or a digest. */
export function pullPolicyFor(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultVolume(volume: JsonObject): void {
  if (isRecord(volume.hostPath)) volume.hostPath.type ??= '';
  for (const source of ['secret', 'configMap', 'projected', 'downwardAPI']) {
    const s = volume[source];
    if (isRecord(s)) s.defaultMode ??= 420;
  }
  for (const item of records((volume.downwardAPI as JsonObject | undefined)?.items)) {
    if (isRecord(item.fieldRef)) item.fieldRef.apiVersion ??= 'v1';
  }
  const known = Object.keys(volume).filter((k) => k !== 'name');
  if (known.length === 0) volume.emptyDir = {};
}

function dictionary(value: unknown): Record<string, unknown> | null {
  return isRecord(value) && Object.keys(value).length > 0 ? value : null;
}
