import { AdmissionEvaluator } from '../admission/decide.js';
import { BUILTIN_RULES_DIR } from '../cli/builtin.js';
import { compileExceptions } from '../config/exceptions.js';
import { EqlMatcher } from '../detect/eql-matcher.js';
import { formatEqlDiagnostic, loadEqlPaths } from '../eql/load/index.js';
import { formatDiagnostic, loadRulePaths } from '../sigma/index.js';
import type { ServeSettings } from './config.js';
import type { DetectionSet } from './types.js';

export interface DetectionLoad {
  /** Null when anything failed to load: the caller keeps the set it has. */
  set: DetectionSet | null;
  /** Every diagnostic, formatted `file:line:column: severity CODE …`. */
  messages: string[];
  rules: number;
  queries: number;
}

/**
 * Loads rules, EQL queries and tuning exceptions into one detection set. Unlike `scan`, any
 * load error refuses the whole set: a long-running server must not quietly run with a rule
 * missing, so a reload with a broken file keeps the previous set and says why.
 */
export function loadDetectionSet(settings: ServeSettings, now = new Date()): DetectionLoad {
  const rulePaths = [...(settings.builtinRules ? [BUILTIN_RULES_DIR] : []), ...settings.rules];
  const sigma = loadRulePaths(rulePaths);
  // A sequence must complete on the request being evaluated: no reorder window.
  const eql = loadEqlPaths(settings.eql, [settings.eqlDialect], { reorderWindowMs: 0 });
  const messages = [
    ...sigma.diagnostics.map(formatDiagnostic),
    ...eql.diagnostics.map(formatEqlDiagnostic),
  ];
  const errors =
    sigma.diagnostics.filter((d) => d.severity === 'error').length +
    eql.diagnostics.filter((d) => d.severity === 'error').length;
  const exceptions = compileExceptions(settings.config.exceptions, now);
  for (const e of exceptions.filter((x) => x.expired))
    messages.push(
      `exception "${e.name}" expired on ${e.expires}: not applied (renew or remove it)`,
    );
  const counts = { rules: sigma.rules.length, queries: eql.queries.length };
  if (errors > 0 || counts.rules + counts.queries === 0) {
    if (counts.rules + counts.queries === 0) messages.push('no rule or query loaded');
    return { set: null, messages, ...counts };
  }
  const set: DetectionSet = {
    ruleSet: sigma.ruleSet,
    exceptions,
    matchers: eql.queries.length > 0 ? [new EqlMatcher(eql.queries)] : [],
    admission: new AdmissionEvaluator({
      ruleSet: sigma.ruleSet,
      exceptions,
      mode: settings.admissionMode,
      denySeverity: settings.admissionDenySeverity,
    }),
  };
  return { set, messages, ...counts };
}
