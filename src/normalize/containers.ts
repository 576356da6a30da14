import { runFacts } from './container-run.js';
import { asArray, asBool, asString, isRecord } from './pod-spec.js';
import { resourceFacts } from './resources.js';
import type { ContainerFacts } from './types.js';

const CONTAINER_LISTS = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

// A pod has at most a few dozen containers; anything beyond is hostile input, not a workload.
const MAX_CONTAINERS = 256;

/** Facts for every container, init container and ephemeral container of a pod spec. */
export function containerFacts(spec: Record<string, unknown>): ContainerFacts[] {
  const podSecurity = isRecord(spec.securityContext) ? spec.securityContext : {};
  const out: ContainerFacts[] = [];
  for (const [key, type] of CONTAINER_LISTS) {
    for (const c of asArray(spec[key])) {
      if (out.length >= MAX_CONTAINERS) return out;
      if (isRecord(c)) out.push(oneContainer(c, type, podSecurity));
    }
  }
  return out;
}

function oneContainer(
  c: Record<string, unknown>,
  type: ContainerFacts['type'],
  podSecurity: Record<string, unknown>,
): ContainerFacts {
  const envMap = new Map<string, string>();
  const env: string[] = [];
  for (const e of asArray(c.env)) {
    if (!isRecord(e) || typeof e.name !== 'string') continue;
    if (typeof e.value === 'string') {
      envMap.set(e.name, e.value);
      env.push(`${e.name}=${e.value}`);
    } else if (isRecord(e.valueFrom)) {
      env.push(`${e.name}=<from:${Object.keys(e.valueFrom)[0] ?? 'unknown'}>`);
    }
  }
  const run = runFacts(asString(c.image), c.command, c.args, envMap);
  const security = isRecord(c.securityContext) ? c.securityContext : {};
  const capabilities = isRecord(security.capabilities) ? security.capabilities : {};
  const runAsUser = numberOrNull(security.runAsUser) ?? numberOrNull(podSecurity.runAsUser);
  const resources = isRecord(c.resources) ? c.resources : {};
  return {
    name: asString(c.name) ?? '',
    type,
    image: run.image,
    commandLine: run.commandLine,
    commands: run.commands,
    programs: run.programs,
    pipelines: run.pipelines,
    payloads: run.payloads,
    commandTexts: run.commandTexts,
    env,
    privileged: security.privileged === true,
    allowPrivilegeEscalation: asBool(security.allowPrivilegeEscalation),
    capabilitiesAdded: unique(
      asArray(capabilities.add)
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.trim().toUpperCase().replace(/^CAP_/, '')),
    ),
    runAsUser,
    runAsRoot: runAsUser === 0,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem === true,
    mounts: asArray(c.volumeMounts)
      .filter(isRecord)
      .map((m) => ({
        volume: asString(m.name) ?? '',
        mountPath: asString(m.mountPath) ?? '',
        readOnly: m.readOnly === true,
      })),
    requests: resourceFacts(resources.requests),
    limits: resourceFacts(resources.limits),
  };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
