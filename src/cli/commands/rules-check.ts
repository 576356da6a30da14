import {
  DiagnosticCode,
  formatDiagnostic,
  loadRulePaths,
  type Diagnostic,
} from '../../sigma/index.js';
import { isKnownAuditField } from '../../schema/audit-event-fields.js';

export interface RulesCheckOptions {
  strict?: boolean;
  unknownFields?: boolean;
  listFields?: boolean;
  format: 'text' | 'json';
}

/** Exit codes: 0 loaded (maybe with skipped rules), 2 load errors under --strict. */
export function rulesCheck(paths: string[], opts: RulesCheckOptions): number {
  const started = process.hrtime.bigint();
  const load = loadRulePaths(paths);
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const diagnostics: Diagnostic[] = [...load.diagnostics];
  const usage = load.ruleSet.fieldUsage();
  if (opts.unknownFields) {
    for (const [field, rules] of usage) {
      if (isKnownAuditField(field)) continue;
      diagnostics.push({
        severity: 'notice',
        code: DiagnosticCode.UnknownField,
        message: `field '${field}' is not part of the audit.k8s.io/v1 Event schema (used by ${rules.join(', ')})`,
        file: paths.join(','),
        line: 1,
        column: 1,
      });
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const summary = {
    rules: load.rules.length,
    filters: load.filters.length,
    correlations: load.correlations.length,
    errors,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    notices: diagnostics.filter((d) => d.severity === 'notice').length,
    loadMs: Math.round(loadMs * 10) / 10,
  };
  if (opts.format === 'json') {
    const fields = opts.listFields ? Object.fromEntries(usage) : undefined;
    process.stdout.write(`${JSON.stringify({ summary, diagnostics, fields }, null, 2)}\n`);
  } else {
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (opts.listFields) {
      for (const [field, rules] of [...usage].sort())
        process.stdout.write(`${field}\t${rules.join(',')}\n`);
    }
    process.stdout.write(
      `${summary.rules} rules, ${summary.filters} filters, ${summary.correlations} correlations loaded in ${summary.loadMs} ms; ` +
        `${errors} errors, ${summary.warnings} warnings, ${summary.notices} notices\n`,
    );
  }
  return opts.strict && errors > 0 ? 2 : 0;
}
