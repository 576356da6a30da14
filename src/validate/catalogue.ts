import { buildAuditEvents } from '../emulate/build-events.js';
import type { Scenario } from '../emulate/types.js';
import type { SourceEvent } from '../source/types.js';
import type { LabelledScenario, ValidationStream } from './types.js';

export function labelledScenario(s: Scenario): LabelledScenario {
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    technique: s.technique,
    expect: s.expect,
    description: s.description,
    ...(s.source ? { source: s.source } : {}),
  };
}

/**
 * Each scenario played alone, as its own log: whatever an engine raises on it is the
 * scenario's, and no scenario's objects can be linked to another's.
 */
export function catalogueStreams(scenarios: readonly Scenario[]): ValidationStream[] {
  return scenarios.map((scenario) => {
    const events: SourceEvent[] = buildAuditEvents([scenario]).map((event, i) => ({
      kind: 'event',
      event,
      format: 'native',
      file: `scenario:${scenario.id}`,
      line: i + 1,
    }));
    return { events, scenarioOf: () => scenario.id };
  });
}
