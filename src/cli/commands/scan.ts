import type { Alert, Severity } from '../../alert/types.js';
import { severityRank } from '../../alert/severity.js';
import { compileExceptions, type CompiledException } from '../../config/exceptions.js';
import { ConfigError, loadConfig } from '../../config/load.js';
import { DetectionEngine, type RaisedAlert } from '../../detect/engine.js';
import { EqlMatcher } from '../../detect/eql-matcher.js';
import { formatEqlDiagnostic, loadEqlPaths } from '../../eql/load/index.js';
import type { EqlDialect } from '../../eql/types.js';
import type { InputFormat } from '../../schema/audit-event.js';
import { formatDiagnostic, loadRulePaths } from '../../sigma/index.js';
import { formatAlertJson } from '../../sink/json.js';
import { formatAlertText, severityCounts } from '../../sink/text.js';
import { readAuditEvents } from '../../source/read-audit.js';
import type { SourceFileDone, SourceProblem } from '../../source/types.js';
import { BUILTIN_RULES_DIR } from '../builtin.js';
import { inputSize, Progress } from '../progress.js';

export interface ScanOptions {
  format: 'text' | 'json';
  minSeverity: Severity;
  rules?: string[];
  builtinRules: boolean;
  /** EQL query files or directories run alongside the Sigma rules. */
  eql?: string[];
  eqlDialect?: EqlDialect;
  config?: string;
  failOn?: Severity;
  stats?: boolean;
  inputFormat: InputFormat;
  maxErrors: number;
  strict?: boolean;
  color?: boolean;
  progress?: boolean;
  now?: Date;
}

export interface ScanIo {
  out: (s: string) => void;
  err: (s: string) => void;
  errIsTty: boolean;
  outIsTty: boolean;
}

export const processIo: ScanIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  errIsTty: process.stderr.isTTY === true,
  outIsTty: process.stdout.isTTY === true,
};

/**
 * `cronwarden scan`: wires source → decode → normalize → detect → alert → output.
 * Exit codes: 0 done, 1 an alert at or above --fail-on, 2 usage, config, rule or input error.
 */
export async function scan(
  paths: string[],
  opts: ScanOptions,
  io: ScanIo = processIo,
): Promise<number> {
  const rulePaths = [...(opts.builtinRules ? [BUILTIN_RULES_DIR] : []), ...(opts.rules ?? [])];
  if (rulePaths.length === 0 && !opts.eql?.length) {
    io.err('cronwarden scan: no rules: --no-builtin-rules needs --rules DIR or --eql FILE\n');
    return 2;
  }
  let exceptions: CompiledException[] = [];
  if (opts.config) {
    try {
      exceptions = compileExceptions(loadConfig(opts.config).exceptions, opts.now ?? new Date());
    } catch (e) {
      if (e instanceof ConfigError) {
        io.err(`${e.message}\n`);
        return 2;
      }
      throw e;
    }
    for (const e of exceptions.filter((x) => x.expired))
      io.err(
        `${opts.config}: exception "${e.name}" expired on ${e.expires}: not applied (renew or remove it)\n`,
      );
  }
  const load = loadRulePaths(rulePaths);
  for (const d of load.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  // A match must complete on the request being evaluated, so sequences get no reorder window.
  const eql = loadEqlPaths(opts.eql ?? [], [opts.eqlDialect ?? 'elastic'], { reorderWindowMs: 0 });
  for (const d of eql.diagnostics) io.err(`${formatEqlDiagnostic(d)}\n`);
  const ruleErrors =
    load.diagnostics.filter((d) => d.severity === 'error').length +
    eql.diagnostics.filter((d) => d.severity === 'error').length;
  if (opts.strict && ruleErrors > 0) return 2;
  if (load.rules.length === 0 && eql.queries.length === 0) {
    io.err('cronwarden scan: no rule or query loaded\n');
    return 2;
  }

  const eqlMatcher = new EqlMatcher(eql.queries);
  const engine = new DetectionEngine(load.ruleSet, exceptions, [eqlMatcher]);
  const raised: RaisedAlert[] = [];
  const problems: SourceProblem[] = [];
  const files: SourceFileDone[] = [];
  let problemCount = 0;
  let ioFailure = false;
  // Input problems lose the line; detection problems lose one detector's view of an event.
  const report = (p: SourceProblem, what = 'skipped'): void => {
    problemCount++;
    if (p.line === 0) ioFailure = true;
    if (problems.length < opts.maxErrors) {
      problems.push(p);
      io.err(`${where(p)}: ${what}: ${p.reason}\n`);
    }
  };
  const progress =
    opts.progress !== false && io.errIsTty ? new Progress(io.err, inputSize(paths)) : null;
  const tuning = progress ? { onProgress: (f: string, b: number) => progress.bytes(f, b) } : {};
  for await (const item of readAuditEvents(paths, { format: opts.inputFormat }, tuning)) {
    if (item.kind === 'event') {
      raised.push(...engine.process(item));
      for (const p of engine.takeProblems())
        report({ ...p.event, kind: 'problem', reason: p.reason }, 'not fully evaluated');
      progress?.tick(engine.stats.events, raised.length);
    } else if (item.kind === 'problem') report(item);
    else files.push(item);
  }
  raised.push(...engine.flush());
  for (const p of engine.takeProblems())
    report({ ...p.event, kind: 'problem', reason: p.reason }, 'not fully evaluated');
  progress?.done();
  if (problemCount > problems.length)
    io.err(`… ${problemCount - problems.length} more input problems not shown (--max-errors)\n`);

  raised.sort((a, b) => a.seq - b.seq);
  const alerts = raised
    .map((r) => r.alert)
    .filter((a) => severityRank(a.severity) >= severityRank(opts.minSeverity));
  const colour = opts.color ?? io.outIsTty;
  for (const a of alerts)
    io.out(opts.format === 'json' ? formatAlertJson(a) : formatAlertText(a, colour));
  const summary = summaryLine(alerts, engine, files, problemCount, raised.length - alerts.length);
  if (opts.format === 'text') io.out(`${summary}\n`);
  else io.err(`${summary}\n`);
  if (opts.stats) {
    io.err(
      `${JSON.stringify({ stats: { ...engine.stats, files, inputProblems: problemCount, problems, rules: load.rules.length, eqlQueries: eql.queries.length, eql: eqlMatcher.stats, ruleLoadErrors: ruleErrors, alertsShown: alerts.length } }, null, 2)}\n`,
    );
  }
  if (ioFailure) return 2;
  if (opts.failOn && alerts.some((a) => severityRank(a.severity) >= severityRank(opts.failOn!)))
    return 1;
  return 0;
}

function where(p: SourceProblem): string {
  return `${p.file}:${p.line}${p.path ? ` ${p.path}` : ''}`;
}

function summaryLine(
  alerts: Alert[],
  engine: DetectionEngine,
  files: SourceFileDone[],
  problems: number,
  belowThreshold: number,
): string {
  const counts = severityCounts(alerts);
  const bySeverity = (['critical', 'high', 'medium', 'low', 'informational'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const s = engine.stats;
  const suppressed = Object.values(s.suppressed).reduce((a, b) => a + b, 0);
  const parts = [
    `${alerts.length} alert(s)${bySeverity ? ` (${bySeverity})` : ''}`,
    `${s.events} events in ${files.length} file(s)`,
    `${s.linkedFollowUps} follow-up(s) linked`,
  ];
  if (belowThreshold) parts.push(`${belowThreshold} below --min-severity`);
  if (suppressed) parts.push(`${suppressed} match(es) suppressed by exceptions`);
  if (problems) parts.push(`${problems} input problem(s)`);
  return `cronwarden: ${parts.join(', ')}`;
}
