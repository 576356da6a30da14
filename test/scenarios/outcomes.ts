import { severityRank } from '../../src/alert/severity.js';
import type { Alert, Severity } from '../../src/alert/types.js';
import { DetectionEngine } from '../../src/detect/engine.js';
import { buildAuditEvents } from '../../src/emulate/build-events.js';
import type { Scenario } from '../../src/emulate/types.js';
import type { CompiledRuleSet } from '../../src/sigma/index.js';
import { REFERENCE_EQL_QUERY } from '../../src/cli/builtin.js';
import { elasticAuditView, eventTimeMs } from '../../src/elastic/audit-view.js';
import { loadEqlPaths } from '../../src/eql/load/index.js';

// The reference query read the way its authors meant it: the EQL engine's search dialect.
const [reference] = loadEqlPaths([REFERENCE_EQL_QUERY], ['search']).queries;

function referenceHits(events: ReturnType<typeof buildAuditEvents>): number {
  const evaluator = reference!.compiled.evaluator();
  return events.filter((e) => evaluator.push(elasticAuditView(e), eventTimeMs(e), e).length > 0)
    .length;
}

export interface ScenarioOutcome {
  scenario: Scenario;
  events: number;
  alerts: Alert[];
  /** Highest alert severity, or null when nothing alerted. */
  top: Severity | null;
  linkedFollowUps: number;
  /** Events the reference query flags (it has no de-duplication or linking). */
  referenceHits: number;
  ok: boolean;
}

/** Runs one scenario's audit events, alone, through the detection engine and the reference. */
export function runScenario(scenario: Scenario, ruleSet: CompiledRuleSet): ScenarioOutcome {
  const events = buildAuditEvents([scenario]);
  const engine = new DetectionEngine(ruleSet);
  const alerts: Alert[] = [];
  events.forEach((event, i) => {
    alerts.push(
      ...engine
        .process({ kind: 'event', event, file: scenario.id, line: i + 1, format: 'native' })
        .map((r) => r.alert),
    );
  });
  alerts.push(...engine.flush().map((r) => r.alert));
  let top: Severity | null = null;
  for (const a of alerts)
    if (top === null || severityRank(a.severity) > severityRank(top)) top = a.severity;
  const { minSeverity, maxSeverity } = scenario.expect;
  const ok =
    scenario.kind === 'attack'
      ? top !== null && severityRank(top) >= severityRank(minSeverity ?? 'medium')
      : top === null || severityRank(top) <= severityRank(maxSeverity ?? 'low');
  return {
    scenario,
    events: events.length,
    alerts,
    top,
    linkedFollowUps: engine.stats.linkedFollowUps,
    referenceHits: referenceHits(events),
    ok,
  };
}
