export {
  buildAuditEvents,
  buildLabelledAuditEvents,
  DEFAULT_KUBERNETES,
  DEFAULT_NODES,
  DEFAULT_START,
} from './build-events.js';
export { EXAMPLE_SCENARIO_IDS, SCENARIOS, scenarioById } from './catalogue/index.js';
export { exampleAuditLog } from './example.js';
export { goJson, renderJsonl } from './render.js';
export type {
  Actor,
  AuditIdentity,
  AuditLevel,
  BuildOptions,
  PatchSpec,
  PatchType,
  Scenario,
  ScenarioStep,
  Severity,
  StepVerb,
} from './types.js';
