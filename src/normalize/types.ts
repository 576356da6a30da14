import type { ImageRef } from './image.js';

/**
 * Facts derived once per audit event and shared by every rule. They appear to rules as the
 * top-level namespaces `action`, `actor` and `workload` next to the native audit fields.
 * docs/fields.md is the public contract for every field here: change both together.
 */
export interface ActionFacts {
  /** The verb as authored: a `patch` answered with 201 (server-side apply creating) is `create`. */
  verb: string;
  subresource: string | null;
  /** HTTP status of the response; null at RequestReceived or when unknown. */
  code: number | null;
  /** `authorization.k8s.io/decision`, or `forbid` inferred from a 401/403 response. */
  decision: 'allow' | 'forbid' | null;
  /** RBAC or authentication refused the request (nothing was read or stored). */
  denied: boolean;
  /** The request ended with an error status (denied, rejected by admission, invalid, …). */
  failed: boolean;
  /** Which body the workload facts were read from. */
  bodySource: 'responseObject' | 'requestObject' | 'jsonPatch' | 'mergePatch' | 'none';
  /** Why no body could be inspected, when a write carried none (Metadata level, denied, …). */
  bodyMissingReason: string | null;
}

export interface ActorFacts {
  /** Who the request acted as: the impersonated user when impersonation was used. */
  username: string;
  groups: string[];
  /** The authenticated identity, which differs from `username` under impersonation. */
  authenticatedUsername: string;
  impersonated: boolean;
  anonymous: boolean;
  type: 'anonymous' | 'node' | 'controller' | 'serviceaccount' | 'system' | 'user';
  serviceAccountNamespace: string | null;
  serviceAccountName: string | null;
  /** The pod whose service-account token made the request (`user.extra`), when recorded. */
  podName: string | null;
  nodeName: string | null;
}

export interface HostPathFacts {
  volume: string;
  /** The path with `.`, `..`, repeated and trailing slashes resolved. */
  path: string;
  rawPath: string;
  type: string | null;
  /** Every container mount of this volume is read-only (false if any mount can write). */
  readOnly: boolean;
  /** The path and each parent directory, so a rule on `/etc` matches `/etc/kubernetes/pki`. */
  ancestors: string[];
}

export interface ResourceFacts {
  cpuMillicores: number | null;
  memoryBytes: number | null;
  gpus: number | null;
}

export interface ContainerFacts {
  name: string;
  type: 'container' | 'initContainer' | 'ephemeralContainer';
  image: ImageRef | null;
  commandLine: string;
  commands: string[];
  programs: string[];
  pipelines: string[];
  payloads: string[];
  /** Everything worth scanning as script text: command line, scripts, decoded payloads. */
  commandTexts: string[];
  /** `NAME=value` for literal env values (valueFrom entries show as `NAME=<from:kind>`). */
  env: string[];
  privileged: boolean;
  allowPrivilegeEscalation: boolean | null;
  capabilitiesAdded: string[];
  /** Effective user: the container's runAsUser, else the pod's; null when the image decides. */
  runAsUser: number | null;
  runAsRoot: boolean;
  readOnlyRootFilesystem: boolean;
  mounts: { volume: string; mountPath: string; readOnly: boolean }[];
  requests: ResourceFacts;
  limits: ResourceFacts;
}

export interface WorkloadFacts {
  kind: string;
  apiVersion: string | null;
  namespace: string | null;
  name: string | null;
  labels: Record<string, string>;
  ownerKinds: string[];
  owners: { kind: string; name: string; uid: string | null; controller: boolean }[];
  /** Where the pod spec was found in the object, e.g. `spec.jobTemplate.spec.template.spec`. */
  podSpecPath: string;
  /** True when the facts come from a patch document, not the whole stored object. */
  partial: boolean;
  schedule: string | null;
  /** Shortest time between two runs of the schedule, in seconds. */
  scheduleIntervalSeconds: number | null;
  scheduleError: string | null;
  suspend: boolean | null;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  hostNamespaces: string[];
  serviceAccountName: string | null;
  automountServiceAccountToken: boolean | null;
  controlPlaneTargeted: boolean;
  controlPlaneEvidence: string[];
  containers: ContainerFacts[];
  images: string[];
  imageRepositories: string[];
  imageNames: string[];
  commandTexts: string[];
  commands: string[];
  programs: string[];
  pipelines: string[];
  payloads: string[];
  privileged: boolean;
  allowPrivilegeEscalation: boolean;
  capabilitiesAdded: string[];
  runAsRoot: boolean;
  hostPaths: HostPathFacts[];
  hostPathAncestors: string[];
  writableHostPathAncestors: string[];
  runtimeSockets: string[];
  requests: ResourceFacts;
  /** Name of a well-known system component when every image belongs to the catalogue. */
  systemComponent: string | null;
}

export interface EventFacts {
  action: ActionFacts;
  actor: ActorFacts;
  /** Present when the event writes a workload whose pod spec (or part of it) is visible. */
  workload: WorkloadFacts | null;
}
