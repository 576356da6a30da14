import type { Severity } from '../alert/types.js';

export type { Severity };

export type AuditLevel = 'Metadata' | 'Request' | 'RequestResponse';
export type StepVerb = 'create' | 'update' | 'patch' | 'delete' | 'get' | 'list';
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** An identity as the API server records it in `user` / `impersonatedUser`. */
export interface AuditIdentity {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** Who sends a request, and from where. */
export interface Actor extends AuditIdentity {
  groups: string[];
  /** Set when the client passed `--as`; the server authorizes this identity, not the caller. */
  impersonatedUser?: AuditIdentity;
  sourceIP: string;
  userAgent: string;
  /** What the authorizer says when it allows this actor (`authorization.k8s.io/reason`). */
  authorizationReason?: string;
}

export interface PatchSpec {
  type: PatchType;
  /** The raw patch document: a JSON Patch array for `json`, an object for the others. */
  body: unknown;
}

export interface ScenarioStep {
  actor: Actor;
  verb: StepVerb;
  resource: string;
  /** '' for the core group. */
  apiGroup: string;
  apiVersion: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /**
   * create: the manifest as the client sends it. update: the change the client PUTs over the
   * object it last read (spec and labels/annotations; `status` for /status, the ephemeral
   * containers for /ephemeralcontainers, `{spec: {replicas}}` for /scale). patch: the object as
   * stored after the patch, only when it should not be computed from the patch.
   */
  object?: unknown;
  /** The object as stored before this step, when no earlier step of the scenario created it. */
  existing?: unknown;
  patch?: PatchSpec;
  /** Default by verb: 201 for create (and an apply that creates), 200 otherwise. */
  responseCode?: number;
  /**
   * Set when an admission plugin (not RBAC) rejected the request: the body was read and is
   * logged, the authorizer allowed it, and this is the Status message.
   */
  admissionError?: string;
  /** Default RequestResponse for batch, apps and pod writes, Metadata otherwise. */
  level?: AuditLevel;
  /**
   * Controller activity the step causes: CronJob runs (Job, status update, Pod), a Job's Pods,
   * a Deployment's ReplicaSet and Pods, a DaemonSet's/StatefulSet's/ReplicaSet's Pods.
   */
  followUps?: number;
  /** Audit level of the controllers' writes; RequestResponse unless the policy says otherwise. */
  followUpLevel?: AuditLevel;
  /**
   * The client's `?fieldManager=`; kubectl's default per verb when the actor is kubectl. null:
   * the client sends none (kubectl debug), so the server names the manager after the user agent.
   */
  fieldManager?: string | null;
  /** The whole query string (without `?`), overriding what the client would send. */
  query?: string;
  /** Overrides the actor's authorization reason for this request. */
  authorizationReason?: string;
  /** Extra annotations the server adds (Pod Security audit violations, admission webhooks). */
  annotations?: Record<string, string>;
  /** Seconds since the previous step (default a few seconds). */
  delaySeconds?: number;
  /**
   * The imperative command the step was issued with (`kubectl create cronjob …`, `kubectl run
   * …`), for `emulate --kubectl` to print instead of a manifest. Never read by the builder: the
   * body above stays what the command sends.
   */
  kubectl?: string;
}

export interface Scenario {
  /** Stable kebab-case id, e.g. 'seed-reverse-shell-cronjob'. */
  id: string;
  title: string;
  description: string;
  /** MITRE ATT&CK technique: 'T1053.007', 'T1610', 'T1611', … */
  technique: string;
  kind: 'attack' | 'benign';
  /**
   * Attacks give the minimum severity the alert for the main step must reach; benign scenarios
   * the maximum severity any of their events may raise.
   */
  expect: { minSeverity?: Severity; maxSeverity?: Severity };
  /** Where the scenario comes from: 'seed test 1', 'atomic red team T1053.007', … */
  source?: string;
  /** For attacks: the trick the scenario tests, e.g. 'base64 payload in an env var'. */
  evasionClass?: string;
  /** Index of the step the expectation is about; the first write step by default. */
  mainStep?: number;
  /** The API server and controller-manager build; v1.29.3 unless the scenario needs older. */
  kubernetes?: { version: string; commit: string };
  /** The namespace's Pod Security enforce level, as admission records it for pods. */
  podSecurityEnforce?: string;
  steps: ScenarioStep[];
}

export interface BuildOptions {
  /** Time of the first scenario's first request; 2026-11-02T09:00:00Z by default. */
  start?: Date;
  /** Changes every generated id while keeping the output deterministic. */
  seed?: string;
  /** Seconds between the starts of consecutive scenarios (default 60). */
  spacingSeconds?: number;
  /** Node names DaemonSet pods are placed on. */
  nodes?: string[];
}
