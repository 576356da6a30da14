import { buildAuditEvents } from './build-events.js';
import { EXAMPLE_SCENARIO_IDS, scenarioById } from './catalogue/index.js';
import { renderJsonl } from './render.js';

/** The text of examples/audit-log.jsonl: a small mixed log, regenerated from the catalogue. */
export function exampleAuditLog(): string {
  return renderJsonl(
    buildAuditEvents(EXAMPLE_SCENARIO_IDS.map(scenarioById), { spacingSeconds: 45 }),
  );
}
