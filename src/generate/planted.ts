import { buildLabelledAuditEvents } from '../emulate/build-events.js';
import { goJson } from '../emulate/render.js';
import type { Scenario } from '../emulate/types.js';
import { STAGES } from './summary.js';
import { parseMicros, type TimeFormat } from './time-format.js';

/** An attack scenario to plant, where it goes, and what it left in the log. */
export interface Plant {
  scenario: Scenario;
  /** Planted once this many bytes of the log are written. */
  byteTarget: number;
  auditIDs: string[];
  lines: number;
  /** 1-based line of its first event, once written. */
  firstLine: number;
}

/** Spread over the first 90% of the log, so even the last plant has room to play out. */
export function planPlants(attacks: readonly Scenario[], size: number): Plant[] {
  return attacks.map((scenario, i) => ({
    scenario,
    byteTarget: Math.floor((size * 0.9 * (i + 0.5)) / attacks.length),
    auditIDs: [],
    lines: 0,
    firstLine: 0,
  }));
}

export interface PlantedLine {
  micros: number;
  line: string;
  /** Index into STAGES. */
  stage: number;
}

/**
 * The scenario's events as the emulator builds them, starting at `startMicros`. A scenario whose
 * own timing (CronJob runs an hour apart, say) would outlast the room left in the log is
 * compressed into `windowMicros`: request and stage times are scaled around its start, which
 * keeps every event's order; bodies keep the times the emulator gave them.
 */
export function plantLines(
  plant: Plant,
  seed: string,
  startMicros: number,
  windowMicros: number,
  time: TimeFormat,
): PlantedLine[] {
  // The emulator starts on a whole millisecond: the next one, so no line goes back in time.
  const t0 = Math.ceil(startMicros / 1000) * 1000;
  const labelled = buildLabelledAuditEvents([plant.scenario], {
    seed: `${seed}/attack/${plant.scenario.id}`,
    start: new Date(t0 / 1000),
  });
  let last = t0;
  for (const { event } of labelled)
    last = Math.max(last, parseMicros(String(event.stageTimestamp)));
  const span = last - t0;
  const scale = span > windowMicros && span > 0 ? windowMicros / span : 1;
  const warp = (stamp: unknown) => {
    const micros = parseMicros(String(stamp));
    return Math.round(t0 + (micros - t0) * scale);
  };
  return labelled.map(({ event }) => {
    const received = warp(event.requestReceivedTimestamp);
    const stage = warp(event.stageTimestamp);
    event.requestReceivedTimestamp = time.micro(received);
    event.stageTimestamp = time.micro(stage);
    if (event.auditID && !plant.auditIDs.includes(event.auditID))
      plant.auditIDs.push(event.auditID);
    const known = STAGES.indexOf(String(event.stage) as (typeof STAGES)[number]);
    // Panic is as final as ResponseComplete.
    const stageIndex = known >= 0 ? known : STAGES.length - 1;
    return { micros: stage, line: goJson(event), stage: stageIndex };
  });
}
