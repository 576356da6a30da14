import type { AuditEvent } from '../schema/audit-event.js';
import { playFollowUps, type ControllerHost } from './follow-ups.js';
import { IdSource } from './ids.js';
import type { JsonObject } from './json.js';
import { playStep, type RunContext, type StepOutcome } from './play-step.js';
import { kindOf } from './resources.js';
import type { BuildOptions, Scenario, ScenarioStep } from './types.js';

export const DEFAULT_START = new Date('2026-11-02T09:00:00Z');
export const DEFAULT_KUBERNETES = { version: 'v1.29.3', commit: '6813625' } as const;
export const DEFAULT_NODES = [
  'ip-10-0-14-202.eu-west-1.compute.internal',
  'ip-10-0-33-17.eu-west-1.compute.internal',
  'ip-10-0-45-88.eu-west-1.compute.internal',
];

// etcd revisions in a busy cluster are in the millions and grow by a few hundred a second.
const RESOURCE_VERSION_BASE = 4_810_000;
const MICROS_PER_REVISION = 5_000;

interface Timed {
  event: AuditEvent;
  scenarioId: string;
  micros: number;
  order: number;
}

/**
 * The audit events a kube-apiserver would log while the scenarios play out, in log order.
 * Scenarios start `spacingSeconds` apart; controller follow-ups (CronJob runs and the like)
 * happen when the controllers would act, so events of different scenarios interleave.
 * Deterministic: the same scenarios and options always give the same events.
 */
export function buildAuditEvents(scenarios: Scenario[], options: BuildOptions = {}): AuditEvent[] {
  return buildLabelledAuditEvents(scenarios, options).map((t) => t.event);
}

/** The same events, each with the id of the scenario whose request or controller logged it. */
export function buildLabelledAuditEvents(
  scenarios: Scenario[],
  options: BuildOptions = {},
): { event: AuditEvent; scenarioId: string }[] {
  const ids = new IdSource(options.seed ?? 'cronwarden-emulate');
  const startMicros = (options.start ?? DEFAULT_START).getTime() * 1000;
  const spacing = (options.spacingSeconds ?? 60) * 1_000_000;
  const nodes = options.nodes ?? DEFAULT_NODES;
  const usedVersions = new Set<number>();
  const resourceVersionAt = (micros: number): string => {
    let rv =
      RESOURCE_VERSION_BASE + Math.max(0, Math.floor((micros - startMicros) / MICROS_PER_REVISION));
    while (usedVersions.has(rv)) rv++;
    usedVersions.add(rv);
    return String(rv);
  };
  const timed: Timed[] = [];
  scenarios.forEach((scenario, index) => {
    const run = new ScenarioRun(scenario, ids, nodes, startMicros, resourceVersionAt, (events) => {
      for (const event of events)
        timed.push({
          event,
          scenarioId: scenario.id,
          micros: eventMicros(event),
          order: timed.length,
        });
    });
    // Nobody types on the minute: each scenario starts a little after its slot.
    const offset = ids.int(`${scenario.id}/offset`, 0, 20_000_000);
    run.play(startMicros + index * spacing + (index === 0 ? 0 : offset));
  });
  timed.sort((a, b) => a.micros - b.micros || a.order - b.order);
  return timed.map(({ event, scenarioId }) => ({ event, scenarioId }));
}

class ScenarioRun implements ControllerHost {
  readonly minor: number;
  readonly k8s: { version: string; commit: string };
  readonly #context: RunContext;
  readonly #revisions = new Map<string, number>();

  constructor(
    private readonly scenario: Scenario,
    readonly ids: IdSource,
    readonly nodes: string[],
    buildStartMicros: number,
    resourceVersionAt: (micros: number) => string,
    private readonly emit: (events: AuditEvent[]) => void,
  ) {
    this.k8s = scenario.kubernetes ?? DEFAULT_KUBERNETES;
    this.minor = Number(/^v\d+\.(\d+)/.exec(this.k8s.version)?.[1] ?? 29);
    this.#context = {
      ids,
      scenario,
      minor: this.minor,
      store: new Map<string, JsonObject>(),
      resourceVersionAt,
      buildStartMicros,
    };
  }

  play(startMicros: number): void {
    let at = startMicros;
    this.scenario.steps.forEach((step, index) => {
      const label = `${this.scenario.id}#${index}`;
      if (index > 0) {
        const gap =
          step.delaySeconds !== undefined
            ? step.delaySeconds * 1_000_000
            : this.ids.int(`${label}/gap`, 2_500_000, 9_000_000);
        at += gap;
      }
      const outcome = this.#playTracked(step, label, at);
      at = outcome.completedMicros;
    });
  }

  /** Plays a request and whatever controllers do because of it. */
  #playTracked(step: ScenarioStep, label: string, micros: number): StepOutcome {
    const outcome = this.playRequest(step, label, micros);
    if (outcome.stored && step.followUps && !step.subresource) {
      playFollowUps(
        kindOf(step.resource),
        {
          stored: outcome.stored,
          count: step.followUps,
          label: `${label}/follow`,
          micros: outcome.completedMicros,
          level: step.followUpLevel,
        },
        this,
      );
    }
    return outcome;
  }

  /** ControllerHost.play: one controller request, logged like any other. */
  playRequest(step: ScenarioStep, label: string, micros: number): StepOutcome {
    const outcome = playStep(step, label, micros, this.#context);
    this.emit(outcome.events);
    return outcome;
  }

  nextRevision(deploymentKey: string, recorded: number): number {
    const next = (this.#revisions.get(deploymentKey) ?? recorded) + 1;
    this.#revisions.set(deploymentKey, next);
    return next;
  }
}

function eventMicros(event: AuditEvent): number {
  const stamp = String(event.stageTimestamp ?? '');
  const ms = Date.parse(stamp);
  const fraction = /\.(\d{6})Z$/.exec(stamp)?.[1] ?? '000000';
  return Math.floor(ms / 1000) * 1_000_000 + Number(fraction);
}
