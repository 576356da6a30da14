import type { Severity } from '../alert/types.js';
import type { SourceEvent } from '../source/types.js';

/** What a scenario is and what a detector should make of it (from the catalogue or a labels file). */
export interface LabelledScenario {
  id: string;
  title: string;
  kind: 'attack' | 'benign';
  technique: string;
  /** Attacks: the severity the detection must reach. Benign: the most it may raise. */
  expect: { minSeverity?: Severity; maxSeverity?: Severity };
  description?: string;
  source?: string;
}

/**
 * Events an engine evaluates together, as one log. The catalogue plays each scenario as its own
 * stream; an audit log with a labels file is one stream whose events name their scenario.
 */
export interface ValidationStream {
  events: SourceEvent[];
  /** The scenario an event belongs to, from its auditID; undefined when unlabelled. */
  scenarioOf(auditID: string | null): string | undefined;
}

/** Something an engine raised: a cronwarden alert, or an event an EQL query flagged. */
export interface EngineFinding {
  severity: Severity;
  /** The auditIDs the finding stands for: the alert's own and those of its linked follow-ups. */
  auditIDs: (string | null)[];
  ruleIds: string[];
  /** Follow-up events linked to the finding instead of raised on their own. */
  linked: number;
}

export interface ValidationEngine {
  /** Stable column id: `builtin`, `rules:<name>`, `eql:<name>:<dialect>`. */
  id: string;
  label: string;
  /** Whether a miss or a false positive of this engine fails `validate` (exit 1). */
  gate: boolean;
  /** What one finding counts: `alerts` (one per request) or `events` (every stage, no linking). */
  unit: 'alerts' | 'events';
  run(events: SourceEvent[]): EngineFinding[];
  /** Events the engine could not fully evaluate so far (each was reported as it happened). */
  problems(): number;
}

export type Verdict = 'caught' | 'weak' | 'missed' | 'quiet' | 'noted' | 'false-positive';

export interface ValidationCell {
  scenarioId: string;
  engineId: string;
  verdict: Verdict;
  /** Highest severity raised for the scenario; null when nothing was. */
  top: Severity | null;
  findings: number;
  linked: number;
  ruleIds: string[];
}

export interface EngineTotals {
  engineId: string;
  label: string;
  gate: boolean;
  unit: 'alerts' | 'events';
  truePositives: number;
  /** Attacks missed or caught below their expected severity. */
  falseNegatives: number;
  /** Benign scenarios flagged at medium or above (or above their allowed severity). */
  falsePositives: number;
  trueNegatives: number;
  findings: number;
  /** Findings on events no scenario claims (labelled logs only). */
  unlabelledFindings: number;
  /** Events it could not fully evaluate: its verdicts may miss what they held. */
  evaluationProblems: number;
}

export interface ValidationReport {
  scenarios: LabelledScenario[];
  engines: EngineTotals[];
  cells: ValidationCell[];
  /** True when every gated engine caught every attack and flagged no benign scenario. */
  passed: boolean;
}
