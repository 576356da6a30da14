import { createHash } from 'node:crypto';
import { DEFAULT_KUBERNETES } from '../emulate/build-events.js';
import { helmDeployer } from '../emulate/catalogue/actors.js';
import { create } from '../emulate/catalogue/steps.js';
import { controllerActor } from '../emulate/controllers.js';
import { playFollowUps, type ControllerHost } from '../emulate/follow-ups.js';
import { fixedUuid, IdSource } from '../emulate/ids.js';
import { clone, dig, str, type JsonObject } from '../emulate/json.js';
import { playStep, type RunContext, type StepOutcome } from '../emulate/play-step.js';
import { goJson } from '../emulate/render.js';
import type { Actor, Scenario, ScenarioStep } from '../emulate/types.js';
import type { AuditEvent } from '../schema/audit-event.js';
import type { App } from './apps.js';
import { podStatus, podStatusPatch, jobComplete } from './pod-status.js';
import type { Rng } from './random.js';
import {
  compile,
  markTimes,
  MARK,
  PROTOTYPE_MICROS,
  TokenTable,
  type Template,
} from './template.js';

/** One request of a prototype: its two stage lines, and when it happened in prototype time. */
export interface RequestPrototype {
  received: Template;
  complete: Template;
  receivedOffset: number;
  completeOffset: number;
}

/** The controller and kubelet writes of one app, sharing one table of placeholders. */
export interface AppPrototypes {
  app: App;
  tokens: TokenTable;
  /** A controller creating one Pod, then the kubelet reporting it running. */
  podStart: RequestPrototype[];
  /** CronJobs: one scheduled run, from the Job's creation to its completion. */
  run: RequestPrototype[];
  /** CronJobs: the prototype run's scheduled time, in microseconds. */
  scheduledMicros: number;
}

/** Placeholders for every generated id, so each emitted copy can draw its own. */
class PlaceholderIds extends IdSource {
  #next = 0;

  constructor(private readonly fixedHash: string) {
    super('cronwarden-generate');
  }

  override uuid(): string {
    return `${MARK}u${this.#next++}${MARK}`;
  }

  override nameSuffix(label: string, length = 5): string {
    // Template hashes name the app's ReplicaSet and revision: the same for all its pods.
    if (length === 10) return this.fixedHash;
    return `${MARK}n${this.#next++}_${length}${MARK}`;
  }

  override hex(_label: string, length: number): string {
    return `${MARK}h${this.#next++}_${length}${MARK}`;
  }
}

const KUBELET: Actor = {
  username: `system:node:${MARK}node${MARK}`,
  groups: ['system:nodes', 'system:authenticated'],
  sourceIP: `${MARK}nodeip${MARK}`,
  userAgent: `kubelet/${DEFAULT_KUBERNETES.version} (linux/amd64) kubernetes/${DEFAULT_KUBERNETES.commit}`,
  authorizationReason: '',
};

interface Played {
  step: ScenarioStep;
  micros: number;
  outcome: StepOutcome;
}

/**
 * Plays the app through the emulator once — the deployer's create, the controllers' follow-ups,
 * the kubelet's status report — with placeholders for ids and times, and keeps the audit lines
 * as templates. The emulator models defaults, admission and managedFields; reusing it keeps the
 * generated bodies as faithful as the emulated attacks planted among them.
 */
export function buildPrototypes(app: App, templateHash: string, rng: Rng): AppPrototypes {
  const ids = new PlaceholderIds(templateHash);
  let revision = 0;
  const ctx: RunContext = {
    ids,
    scenario: scenarioFor(app),
    minor: 29,
    store: new Map(),
    resourceVersionAt: () => `${MARK}r${revision++}${MARK}`,
    buildStartMicros: PROTOTYPE_MICROS,
  };
  const played: Played[] = [];
  const play = (step: ScenarioStep, label: string, micros: number): StepOutcome => {
    const outcome = playStep(step, label, micros, ctx);
    played.push({ step, micros, outcome });
    return outcome;
  };
  const host: ControllerHost = {
    ids,
    minor: 29,
    k8s: DEFAULT_KUBERNETES,
    nodes: [`${MARK}node${MARK}`],
    playRequest: play,
    nextRevision: (_key, recorded) => recorded + 1,
  };
  const top = playStep(
    create(helmDeployer, app.manifest, { fieldManager: 'helm' }),
    'top',
    PROTOTYPE_MICROS - 5 * 86_400_000_000,
    ctx,
  );
  if (!top.stored) throw new Error(`generate: ${app.name} was not stored`);
  playFollowUps(
    app.kind,
    {
      stored: top.stored,
      count: 1,
      label: 'run',
      micros: PROTOTYPE_MICROS,
      level: 'RequestResponse',
    },
    host,
  );
  const stable = [goJson(top.stored)];
  const owner = played.find((p) => p.step.resource === 'replicasets')?.outcome.stored;
  if (owner) stable.push(goJson(owner));
  const podCreate = played.find((p) => p.step.resource === 'pods' && p.step.verb === 'create');
  if (!podCreate?.outcome.stored) throw new Error(`generate: ${app.name} created no pod`);
  const patched = reportRunning(podCreate.outcome, app, play);
  let scheduledMicros = 0;
  let jobName: string | undefined;
  const runRequests: Played[] = [];
  if (app.kind === 'CronJob') {
    const job = played.find((p) => p.step.resource === 'jobs')!;
    jobName = str(dig(job.outcome.stored, 'metadata', 'name'));
    scheduledMicros = Number(/-(\d+)$/.exec(jobName ?? '')?.[1]) * 60_000_000;
    runRequests.push(...played.filter((p) => p.step.resource !== 'replicasets'));
    runRequests.push(finishJob(job.outcome, patched.outcome.completedMicros, play));
  }
  const tokens = new TokenTable();
  const stableValues = resolveStable(stable.join('\n'), rng);
  const toTemplates = (p: Played): RequestPrototype =>
    prototypeOf(p, tokens, (text) => {
      let out = text;
      for (const [token, value] of stableValues) out = out.split(token).join(value);
      if (jobName) out = out.split(jobName).join(`${MARK}job${MARK}`);
      return out;
    });
  return {
    app,
    tokens,
    podStart: [toTemplates(podCreate), toTemplates(patched)],
    run: runRequests.map(toTemplates),
    scheduledMicros,
  };
}

function scenarioFor(app: App): Scenario {
  return {
    id: `generate-${app.name}`,
    title: app.name,
    description: 'generated background traffic',
    technique: '',
    kind: 'benign',
    expect: {},
    podSecurityEnforce: app.podSecurity,
    steps: [],
  };
}

/** The scheduler binds the pod (not logged here), the kubelet starts it and reports status. */
function reportRunning(
  created: StepOutcome,
  app: App,
  play: (step: ScenarioStep, label: string, micros: number) => StepOutcome,
): Played {
  const stored = created.stored!;
  const spec = stored.spec as JsonObject;
  spec.nodeName = `${MARK}node${MARK}`;
  const started = created.completedMicros + 2_400_000;
  const status = podStatus(stored, started, imageDigest);
  const after = clone(stored);
  after.status = status;
  const name = str(dig(stored, 'metadata', 'name'));
  const step: ScenarioStep = {
    actor: KUBELET,
    verb: 'patch',
    resource: 'pods',
    apiGroup: '',
    apiVersion: 'v1',
    namespace: app.namespace,
    ...(name ? { name } : {}),
    subresource: 'status',
    object: after,
    patch: { type: 'strategic', body: podStatusPatch(stored, status) },
    // Policies commonly log the kubelet's status writes at Request level (GKE's does): the
    // patch is kept, the pod it returns is not.
    level: 'Request',
  };
  const micros = started + 1_900_000;
  return { step, micros, outcome: play(step, 'status', micros) };
}

function finishJob(
  job: StepOutcome,
  after: number,
  play: (step: ScenarioStep, label: string, micros: number) => StepOutcome,
): Played {
  const stored = job.stored!;
  const micros = after + 21_000_000;
  const step: ScenarioStep = {
    actor: controllerActor(
      'job-controller',
      DEFAULT_KUBERNETES,
      fixedUuid('sa/kube-system/job-controller'),
    ),
    verb: 'update',
    resource: 'jobs',
    apiGroup: 'batch',
    apiVersion: 'v1',
    namespace: str(dig(stored, 'metadata', 'namespace')),
    name: str(dig(stored, 'metadata', 'name')),
    subresource: 'status',
    object: { status: jobComplete(micros) },
    level: 'RequestResponse',
  };
  return { step, micros, outcome: play(step, 'job-status', micros) };
}

function prototypeOf(
  p: Played,
  tokens: TokenTable,
  resolve: (text: string) => string,
): RequestPrototype {
  const [received, complete] = p.outcome.events as [AuditEvent, AuditEvent];
  const text = (e: AuditEvent) => markTimes(resolve(goJson(e)));
  return {
    received: compile(text(received), tokens),
    complete: compile(text(complete), tokens),
    receivedOffset: p.micros - PROTOTYPE_MICROS,
    completeOffset: p.outcome.completedMicros - PROTOTYPE_MICROS,
  };
}

/** Values for the placeholders of the objects every emitted copy shares (owner uids). */
function resolveStable(text: string, rng: Rng): Map<string, string> {
  const out = new Map<string, string>();
  for (const [token, kind, , length] of text.matchAll(/§([a-z]+)(\d+)(?:_(\d+))?§/g)) {
    if (out.has(token)) continue;
    if (kind === 'u') out.set(token, rng.uuid());
    else if (kind === 'n') out.set(token, rng.suffix(Number(length)));
    else if (kind === 'h') out.set(token, rng.hex(Number(length)));
    else if (kind === 'r') out.set(token, String(rng.int(3_900_000, 4_700_000)));
  }
  return out;
}

/** The digest an image tag resolved to: fixed per image, as a registry would serve it. */
function imageDigest(image: string): string {
  return createHash('sha256').update(image).digest('hex');
}
