import type { AuditEvent } from '../schema/audit-event.js';
import type { InspectableBody } from './body.js';
import { containerFacts, unique } from './containers.js';
import { controlPlaneEvidence } from './control-plane.js';
import { hostPathFacts, runtimeSocketsExposed } from './host-paths.js';
import { asArray, asBool, asString, isRecord, locatePodSpec } from './pod-spec.js';
import { sumResources } from './resources.js';
import { scheduleFacts } from './schedule.js';
import { systemComponentOf } from './system-components.js';
import type { WorkloadFacts } from './types.js';

/** Facts about the workload a write creates or changes, from whatever body the event shows. */
export function workloadFacts(
  event: AuditEvent,
  kind: string,
  body: InspectableBody,
): WorkloadFacts | null {
  const { object } = body;
  const located = locatePodSpec(kind, object);
  const spec = isRecord(object.spec) ? object.spec : {};
  // A patch that only touches a CronJob's schedule still matters; a body with neither a pod
  // spec nor a schedule has nothing to say about what will run.
  if (located === null && typeof spec.schedule !== 'string') return null;
  const podSpec = located?.spec ?? {};
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const containers = containerFacts(podSpec);
  const mountsByVolume = new Map<string, boolean[]>();
  for (const c of containers) {
    for (const m of c.mounts) {
      const list = mountsByVolume.get(m.volume) ?? [];
      list.push(m.readOnly);
      mountsByVolume.set(m.volume, list);
    }
  }
  const hostPaths = hostPathFacts(asArray(podSpec.volumes), mountsByVolume);
  const schedule = typeof spec.schedule === 'string' ? spec.schedule : null;
  const cron = schedule === null ? null : scheduleFacts(schedule);
  const controlPlane = controlPlaneEvidence(podSpec);
  const hostNetwork = podSpec.hostNetwork === true;
  const hostPID = podSpec.hostPID === true;
  const hostIPC = podSpec.hostIPC === true;
  const images = containers.flatMap((c) => (c.image ? [c.image] : []));
  const components = images.map(systemComponentOf);
  const owners = asArray(metadata.ownerReferences)
    .filter(isRecord)
    .map((o) => ({
      kind: asString(o.kind) ?? '',
      name: asString(o.name) ?? '',
      uid: asString(o.uid),
      controller: o.controller === true,
    }));
  const flat = <T>(pick: (c: (typeof containers)[number]) => T[]): T[] =>
    unique(containers.flatMap(pick));
  return {
    kind,
    apiVersion: asString(object.apiVersion) ?? asString(event.objectRef?.apiVersion) ?? null,
    namespace: asString(metadata.namespace) ?? asString(event.objectRef?.namespace) ?? null,
    name: asString(metadata.name) ?? asString(event.objectRef?.name) ?? null,
    labels: stringRecord(located?.podMetadata?.labels ?? metadata.labels),
    ownerKinds: unique(owners.map((o) => o.kind)),
    owners,
    podSpecPath: located?.path ?? '',
    partial: body.source === 'jsonPatch' || body.source === 'mergePatch',
    schedule,
    scheduleIntervalSeconds: cron?.intervalSeconds ?? null,
    scheduleError: cron?.error ?? null,
    suspend: asBool(spec.suspend),
    hostNetwork,
    hostPID,
    hostIPC,
    hostNamespaces: [
      ...(hostNetwork ? ['network'] : []),
      ...(hostPID ? ['pid'] : []),
      ...(hostIPC ? ['ipc'] : []),
    ],
    serviceAccountName: asString(podSpec.serviceAccountName) ?? asString(podSpec.serviceAccount),
    automountServiceAccountToken: asBool(podSpec.automountServiceAccountToken),
    controlPlaneTargeted: controlPlane.length > 0,
    controlPlaneEvidence: controlPlane,
    containers,
    images: unique(images.map((i) => i.reference)),
    imageRepositories: unique(images.map((i) => `${i.registry}/${i.repository}`)),
    imageNames: unique(images.map((i) => i.name)),
    commandTexts: flat((c) => c.commandTexts),
    commands: flat((c) => c.commands),
    programs: flat((c) => c.programs),
    pipelines: flat((c) => c.pipelines),
    payloads: flat((c) => c.payloads),
    privileged: containers.some((c) => c.privileged),
    allowPrivilegeEscalation: containers.some((c) => c.allowPrivilegeEscalation === true),
    capabilitiesAdded: flat((c) => c.capabilitiesAdded),
    runAsRoot: containers.some((c) => c.runAsRoot),
    hostPaths,
    hostPathAncestors: unique(hostPaths.flatMap((h) => h.ancestors)),
    writableHostPathAncestors: unique(
      hostPaths.filter((h) => !h.readOnly).flatMap((h) => h.ancestors),
    ),
    runtimeSockets: unique(hostPaths.flatMap((h) => runtimeSocketsExposed(h.path))),
    requests: sumResources(containers.map((c) => c.requests)),
    systemComponent:
      components.length > 0 && components.every((c) => c !== null) ? components[0]! : null,
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
