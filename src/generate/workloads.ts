import { WORKLOADS } from './categories.js';
import type { AppState } from './cluster.js';
import type { Traffic } from './context.js';
import { PROTOTYPE_MICROS } from './template.js';

/**
 * Controller and kubelet writes of workloads, logged at RequestResponse with full bodies: a
 * controller creating a pod and the kubelet reporting it running, or a status report alone.
 */
export function workloadWrite(t: Traffic): void {
  const state = pickByWeight(
    t,
    t.cluster.apps.filter((s) => s.app.kind !== 'CronJob'),
  );
  const { podStart, tokens } = state.prototypes;
  const start = t.rng.chance(0.45);
  const first = start ? podStart[0]! : podStart[1]!;
  const e = t.emission(tokens.size, t.now - (PROTOTYPE_MICROS + first.receivedOffset));
  t.prototypes(start ? podStart : [podStart[1]!], e, WORKLOADS);
}

/**
 * The CronJobs due at a minute boundary: each run is the Job's creation, the CronJob's status,
 * the Job's pod, the pod's status and the Job's completion, at the times the controllers and
 * the kubelet would write them.
 */
export function cronRuns(t: Traffic, minuteMicros: number): void {
  const minute = Math.floor(minuteMicros / 60_000_000);
  for (const state of t.cluster.apps) {
    const every = state.app.everyMinutes;
    if (state.app.kind !== 'CronJob' || !every) continue;
    const { run, tokens, scheduledMicros } = state.prototypes;
    // The prototype run fell on the schedule, so it gives the schedule's phase (`17 * * * *`).
    if ((minute - Math.floor(scheduledMicros / 60_000_000)) % every !== 0) continue;
    const e = t.emission(tokens.size, minuteMicros - scheduledMicros);
    e.job = `${state.app.name}-${minute}`;
    t.prototypes(run, e, WORKLOADS);
  }
}

function pickByWeight(t: Traffic, states: AppState[]): AppState {
  let total = 0;
  for (const s of states) total += s.app.weight;
  let x = t.rng.next() * total;
  for (const s of states) {
    x -= s.app.weight;
    if (x < 0) return s;
  }
  return states[0]!;
}
