import { applyDefaults } from './defaults.js';
import { inServerOrder } from './field-order.js';
import { secondsTime } from './ids.js';
import { clone, dig, isRecord, str, type JsonObject } from './json.js';
import type { RunContext } from './play-step.js';
import { groupVersion } from './resources.js';
import { storeCreate } from './stored-object.js';
import type { ScenarioStep } from './types.js';

/** An object that was in the cluster before the scenario: stored days before the build. */
export function existingObject(
  step: ScenarioStep,
  kind: string,
  key: string,
  ctx: RunContext,
): JsonObject | null {
  if (!isRecord(step.existing)) return null;
  const object = clone(step.existing);
  applyDefaults(kind, object);
  const label = `${ctx.scenario.id}/existing/${key}`;
  const micros = ctx.buildStartMicros - ctx.ids.int(`${label}/age`, 2 * 86400, 40 * 86400) * 1e6;
  const helm =
    str(dig(object, 'metadata', 'annotations', 'meta.helm.sh/release-name')) !== undefined;
  const owned = Array.isArray(dig(object, 'metadata', 'ownerReferences'));
  const stored = storeCreate(object, {
    kind,
    namespace: step.namespace,
    uid: ctx.ids.uuid(`${label}/uid`),
    resourceVersion: String(4_000_000 + ctx.ids.int(`${label}/rv`, 0, 700_000)),
    micros,
    manager: owned ? 'kube-controller-manager' : helm ? 'helm' : 'kubectl-client-side-apply',
    operation: 'Update',
    apiVersion: groupVersion(step.apiGroup, step.apiVersion),
    minor: ctx.minor,
    generatedSuffix: ctx.ids.nameSuffix(`${label}/name`),
    tokenVolumeSuffix: ctx.ids.nameSuffix(`${label}/token-volume`),
  });
  if (kind === 'Pod')
    stored.status = dig(
      inServerOrder({ kind, status: runningStatus(stored, micros, label, ctx) }),
      'status',
    );
  // A status written out in the scenario is what the controllers reported since.
  if (isRecord(step.existing.status) && kind !== 'Pod') stored.status = clone(step.existing.status);
  ctx.store.set(key, stored);
  return stored;
}

function runningStatus(
  pod: JsonObject,
  micros: number,
  label: string,
  ctx: RunContext,
): JsonObject {
  const hostIP = `10.0.${ctx.ids.int(`${label}/host`, 10, 60)}.${ctx.ids.int(`${label}/host2`, 2, 250)}`;
  const podIP = `10.0.${ctx.ids.int(`${label}/pod`, 64, 127)}.${ctx.ids.int(`${label}/pod2`, 2, 250)}`;
  const status = isRecord(pod.status) ? pod.status : {};
  return {
    phase: 'Running',
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: secondsTime(micros + 2_000_000),
    qosClass: status.qosClass,
  };
}
