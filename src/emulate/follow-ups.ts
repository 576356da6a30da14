import { CronExpressionParser } from 'cron-parser';
import {
  controllerActor,
  jobForRun,
  pinToNode,
  podFromTemplate,
  replicaSetFor,
  statusAfterRun,
} from './controllers.js';
import { fixedUuid, type IdSource } from './ids.js';
import { dig, str, type JsonObject } from './json.js';
import type { StepOutcome } from './play-step.js';
import type { AuditLevel, ScenarioStep } from './types.js';

/** What follow-ups need from the scenario run: a way to play a controller's request. */
export interface ControllerHost {
  ids: IdSource;
  minor: number;
  k8s: { version: string; commit: string };
  nodes: string[];
  playRequest(step: ScenarioStep, label: string, micros: number): StepOutcome;
  /** The revision number of a Deployment's next ReplicaSet, counting from `recorded`. */
  nextRevision(deploymentKey: string, recorded: number): number;
}

interface Cause {
  stored: JsonObject;
  count: number;
  label: string;
  micros: number;
  level: AuditLevel | undefined;
}

/** Plays what controllers do after a successful write of a workload. */
export function playFollowUps(kind: string, cause: Cause, host: ControllerHost): void {
  if (cause.count <= 0) return;
  switch (kind) {
    case 'CronJob':
      return cronJobRuns(cause, host);
    case 'Job':
      return pods(cause, host, 'job-controller', 'batch/v1', 'Job', 5_000, 80_000);
    case 'Deployment':
      return rollout(cause, host);
    case 'ReplicaSet':
      return pods(cause, host, 'replicaset-controller', 'apps/v1', 'ReplicaSet', 4_000, 40_000);
    case 'ReplicationController':
      return pods(
        cause,
        host,
        'replication-controller',
        'v1',
        'ReplicationController',
        4_000,
        40_000,
      );
    case 'DaemonSet':
      return pods(cause, host, 'daemon-set-controller', 'apps/v1', 'DaemonSet', 8_000, 90_000);
    case 'StatefulSet':
      return pods(cause, host, 'statefulset-controller', 'apps/v1', 'StatefulSet', 6_000, 60_000);
  }
}

function controllerStep(
  host: ControllerHost,
  controller: string,
  verb: 'create' | 'update',
  target: { resource: string; apiGroup: string; apiVersion: string; namespace?: string },
  object: JsonObject,
  level: AuditLevel | undefined,
  extra: Partial<ScenarioStep> = {},
): ScenarioStep {
  const uid = fixedUuid(`sa/kube-system/${controller}`);
  return {
    actor: controllerActor(controller, host.k8s, uid),
    verb,
    ...target,
    object,
    ...(level ? { level } : {}),
    ...extra,
  };
}

/** Each run: the Job, the CronJob's status update, then the Job's Pod. */
function cronJobRuns(cause: Cause, host: ControllerHost): void {
  const { stored } = cause;
  const namespace = str(dig(stored, 'metadata', 'namespace'));
  const schedule = str(dig(stored, 'spec', 'schedule')) ?? '* * * * *';
  const runs = CronExpressionParser.parse(schedule, {
    currentDate: new Date(Math.floor(cause.micros / 1000)),
    tz: str(dig(stored, 'spec', 'timeZone')) ?? 'UTC',
  });
  let previousRun: number | null = null;
  for (let i = 0; i < cause.count; i++) {
    const scheduled = runs.next().getTime();
    const label = `${cause.label}/run${i}`;
    const at = scheduled * 1000 + host.ids.int(`${label}/delay`, 20_000, 900_000);
    const job = jobForRun(stored, scheduled, host.minor);
    const batch = { apiGroup: 'batch', apiVersion: 'v1', namespace };
    const created = host.playRequest(
      controllerStep(
        host,
        'cronjob-controller',
        'create',
        { resource: 'jobs', ...batch },
        job,
        cause.level,
      ),
      `${label}/job`,
      at,
    );
    if (!created.stored) continue;
    host.playRequest(
      controllerStep(
        host,
        'cronjob-controller',
        'update',
        { resource: 'cronjobs', ...batch },
        statusAfterRun(created.stored, scheduled, previousRun),
        cause.level,
        { name: str(dig(stored, 'metadata', 'name')), subresource: 'status' },
      ),
      `${label}/status`,
      created.completedMicros + host.ids.int(`${label}/status-delay`, 6_000, 40_000),
    );
    pods(
      {
        ...cause,
        stored: created.stored,
        count: 1,
        label: `${label}/pods`,
        micros: created.completedMicros,
      },
      host,
      'job-controller',
      'batch/v1',
      'Job',
      5_000,
      80_000,
    );
    previousRun = scheduled;
  }
}

/** A Deployment's new ReplicaSet, then that ReplicaSet's Pods. */
function rollout(cause: Cause, host: ControllerHost): void {
  const { stored } = cause;
  const namespace = str(dig(stored, 'metadata', 'namespace'));
  const key = `${namespace}/${str(dig(stored, 'metadata', 'name'))}`;
  const recorded = Number(
    str(dig(stored, 'metadata', 'annotations', 'deployment.kubernetes.io/revision')) ?? 0,
  );
  const revision = host.nextRevision(key, recorded);
  const hash = host.ids.nameSuffix(`${cause.label}/pod-template-hash`, 10);
  const replicaSet = replicaSetFor(stored, hash, revision);
  const created = host.playRequest(
    controllerStep(
      host,
      'deployment-controller',
      'create',
      { resource: 'replicasets', apiGroup: 'apps', apiVersion: 'v1', namespace },
      replicaSet,
      cause.level,
    ),
    `${cause.label}/replicaset`,
    cause.micros + host.ids.int(`${cause.label}/rs-delay`, 8_000, 45_000),
  );
  if (!created.stored) return;
  pods(
    {
      ...cause,
      stored: created.stored,
      label: `${cause.label}/rs`,
      micros: created.completedMicros,
    },
    host,
    'replicaset-controller',
    'apps/v1',
    'ReplicaSet',
    4_000,
    40_000,
  );
}

function pods(
  cause: Cause,
  host: ControllerHost,
  controller: string,
  ownerApiVersion: string,
  ownerKind: string,
  minDelay: number,
  maxDelay: number,
): void {
  const { stored } = cause;
  const name = str(dig(stored, 'metadata', 'name')) ?? '';
  const namespace = str(dig(stored, 'metadata', 'namespace'));
  let at = cause.micros;
  for (let i = 0; i < cause.count; i++) {
    const label = `${cause.label}/pod${i}`;
    at += host.ids.int(`${label}/delay`, minDelay, maxDelay);
    const pod = podOf(stored, ownerApiVersion, ownerKind, name, i, label, host);
    const step = controllerStep(
      host,
      controller,
      'create',
      { resource: 'pods', apiGroup: '', apiVersion: 'v1', namespace },
      pod,
      cause.level,
    );
    at = host.playRequest(step, label, at).completedMicros;
  }
}

function podOf(
  owner: JsonObject,
  ownerApiVersion: string,
  ownerKind: string,
  name: string,
  index: number,
  label: string,
  host: ControllerHost,
): JsonObject {
  if (ownerKind === 'StatefulSet') {
    const podName = `${name}-${index}`;
    const revision = `${name}-${host.ids.nameSuffix(`${label}/revision`, 10)}`;
    const labels: Record<string, string> = {
      'controller-revision-hash': revision,
      'statefulset.kubernetes.io/pod-name': podName,
    };
    if (host.minor >= 28) labels['apps.kubernetes.io/pod-index'] = String(index);
    const pod = podFromTemplate(owner, ownerApiVersion, ownerKind, { name: podName }, labels);
    const spec = pod.spec as JsonObject;
    spec.hostname = podName;
    const serviceName = str(dig(owner, 'spec', 'serviceName'));
    if (serviceName) spec.subdomain = serviceName;
    return pod;
  }
  if (ownerKind === 'DaemonSet') {
    const generation = dig(owner, 'metadata', 'generation');
    const pod = podFromTemplate(
      owner,
      ownerApiVersion,
      ownerKind,
      { generateName: `${name}-` },
      {
        'controller-revision-hash': host.ids.nameSuffix(`${label}/revision`, 10),
        'pod-template-generation': String(typeof generation === 'number' ? generation : 1),
      },
    );
    const node = host.nodes[index % host.nodes.length] ?? 'node-1';
    pinToNode(pod, node, dig(owner, 'spec', 'template', 'spec', 'hostNetwork') === true);
    return pod;
  }
  return podFromTemplate(owner, ownerApiVersion, ownerKind, { generateName: `${name}-` });
}
