import { maxSeverity } from '../alert/severity.js';
import type { Severity } from '../alert/types.js';
import type {
  EngineTotals,
  LabelledScenario,
  ValidationCell,
  ValidationEngine,
  ValidationReport,
  ValidationStream,
} from './types.js';
import { isFailure, verdictFor } from './verdict.js';

interface Tally {
  severities: Severity[];
  findings: number;
  linked: number;
  ruleIds: Set<string>;
}

/** Runs every stream through every engine and grades each scenario × engine. */
export function validate(
  scenarios: readonly LabelledScenario[],
  streams: readonly ValidationStream[],
  engines: readonly ValidationEngine[],
): ValidationReport {
  const cells: ValidationCell[] = [];
  const totals: EngineTotals[] = [];
  for (const engine of engines) {
    const tallies = new Map<string, Tally>();
    let unlabelled = 0;
    let findings = 0;
    for (const stream of streams) {
      for (const f of engine.run(stream.events)) {
        findings++;
        // A finding counts for the first labelled event it stands for: the alert's own request,
        // else a linked follow-up.
        const scenarioId = f.auditIDs.map((id) => stream.scenarioOf(id)).find((s) => s);
        if (!scenarioId) {
          unlabelled++;
          continue;
        }
        const t = tallies.get(scenarioId) ?? {
          severities: [],
          findings: 0,
          linked: 0,
          ruleIds: new Set<string>(),
        };
        t.severities.push(f.severity);
        t.findings++;
        t.linked += f.linked;
        for (const r of f.ruleIds) t.ruleIds.add(r);
        tallies.set(scenarioId, t);
      }
    }
    const row: EngineTotals = {
      engineId: engine.id,
      label: engine.label,
      gate: engine.gate,
      unit: engine.unit,
      truePositives: 0,
      falseNegatives: 0,
      falsePositives: 0,
      trueNegatives: 0,
      findings,
      unlabelledFindings: unlabelled,
      evaluationProblems: 0,
    };
    for (const scenario of scenarios) {
      const t = tallies.get(scenario.id);
      const top = t && t.severities.length > 0 ? maxSeverity(t.severities) : null;
      const verdict = verdictFor(scenario, top);
      if (verdict === 'caught') row.truePositives++;
      else if (verdict === 'weak' || verdict === 'missed') row.falseNegatives++;
      else if (verdict === 'false-positive') row.falsePositives++;
      else row.trueNegatives++;
      cells.push({
        scenarioId: scenario.id,
        engineId: engine.id,
        verdict,
        top,
        findings: t?.findings ?? 0,
        linked: t?.linked ?? 0,
        ruleIds: [...(t?.ruleIds ?? [])].sort(),
      });
    }
    row.evaluationProblems = engine.problems();
    totals.push(row);
  }
  const gated = new Set(engines.filter((e) => e.gate).map((e) => e.id));
  const passed = !cells.some((c) => gated.has(c.engineId) && isFailure(c.verdict));
  return { scenarios: [...scenarios], engines: totals, cells, passed };
}
