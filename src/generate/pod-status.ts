import { secondsTime } from '../emulate/ids.js';
import { isRecord, records, str, type JsonObject } from '../emulate/json.js';
import { MARK } from './template.js';

const CONDITIONS = [
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
];

/**
 * The status a kubelet reports once a pod's containers run, keys in Go struct order (the order
 * the stored object is encoded in). Node and pod addresses and container ids are placeholders.
 */
export function podStatus(
  pod: JsonObject,
  startedMicros: number,
  digest: (image: string) => string,
): JsonObject {
  const scheduled = secondsTime(startedMicros - 1_000_000);
  const started = secondsTime(startedMicros);
  const ready = secondsTime(startedMicros + 1_800_000);
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const qosClass = isRecord(pod.status) ? pod.status.qosClass : undefined;
  return {
    phase: 'Running',
    conditions: CONDITIONS.map((type) => ({
      type,
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime:
        type === 'PodScheduled' ? scheduled : type === 'Initialized' ? started : ready,
    })),
    hostIP: `${MARK}nodeip${MARK}`,
    hostIPs: [{ ip: `${MARK}nodeip${MARK}` }],
    podIP: `${MARK}podip${MARK}`,
    podIPs: [{ ip: `${MARK}podip${MARK}` }],
    startTime: scheduled,
    containerStatuses: records(spec.containers).map((c, i) => {
      const image = str(c.image) ?? '';
      return {
        name: str(c.name),
        state: { running: { startedAt: secondsTime(startedMicros + i * 300_000) } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image,
        imageID: `${image.replace(/:[^/:]+$/, '')}@sha256:${digest(image)}`,
        containerID: `containerd://${MARK}h${9000 + i}_64${MARK}`,
        started: true,
      };
    }),
    qosClass,
  };
}

/**
 * What the kubelet sends: a strategic merge patch computed from two maps, so keys are sorted,
 * with the order directive for conditions and the pod's uid as a precondition.
 */
export function podStatusPatch(pod: JsonObject, status: JsonObject): JsonObject {
  const uid = isRecord(pod.metadata) ? pod.metadata.uid : undefined;
  return {
    metadata: { uid },
    status: sortKeys({
      ...status,
      qosClass: undefined,
      conditions: records(status.conditions)
        .filter((c) => c.type !== 'PodScheduled')
        .map(sortKeys),
      containerStatuses: records(status.containerStatuses).map(sortKeys),
      '$setElementOrder/conditions': CONDITIONS.map((type) => ({ type })),
    }),
  };
}

function sortKeys(object: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(object).sort())
    if (object[key] !== undefined) out[key] = object[key];
  return out;
}

/** A finished Job's status, as the job controller writes it. */
export function jobComplete(micros: number): JsonObject {
  const done = secondsTime(micros);
  return {
    conditions: [
      { type: 'Complete', status: 'True', lastProbeTime: done, lastTransitionTime: done },
    ],
    startTime: secondsTime(micros - 19_000_000),
    completionTime: done,
    succeeded: 1,
    uncountedTerminatedPods: {},
    ready: 0,
  };
}
