/**
 * The Sigma rule engine: load Sigma YAML, compile it once into closures, evaluate JSON events.
 * See docs/rules.md for the supported subset and exact matching semantics.
 *
 * @example
 * const { ruleSet, diagnostics } = loadRulePaths(['rules/']);
 * for (const m of ruleSet.match(auditEvent)) console.log(m.rule.title, m.evidence);
 */
export type * from './ast.js';
export type {
  CompiledRuleSet,
  Evidence,
  LoadOptions,
  RuleLoad,
  RuleMatch,
  RuleSource,
} from './api.js';
export { RuleLoadFailure } from './api.js';
export type { Witness } from './compile/witness.js';
export { DiagnosticCode, formatDiagnostic, type Diagnostic, type Severity } from './diagnostics.js';
export {
  compileRules,
  filterApplies,
  loadRulePaths,
  loadRuleSources,
  parseRulePaths,
  parseRuleSources,
  type EngineOptions,
  type ParsedRules,
} from './load/loader.js';
