import { availableParallelism } from 'node:os';
import type { Alert, Severity } from '../../alert/types.js';
import { severityRank } from '../../alert/severity.js';
import { compileExceptions, type CompiledException } from '../../config/exceptions.js';
import type { ExceptionConfig } from '../../config/schema.js';
import { DetectionEngine, type RaisedAlert } from '../../detect/engine.js';
import { EqlMatcher } from '../../detect/eql-matcher.js';
import type { EqlLoadResult } from '../../eql/load/index.js';
import type { EqlDialect } from '../../eql/types.js';
import type { InputFormat } from '../../schema/audit-event.js';
import {
  compileRules,
  formatDiagnostic,
  parseRulePaths,
  type CompiledRuleSet,
} from '../../sigma/index.js';
import { formatAlertJson } from '../../sink/json.js';
import { formatAlertText, severityCounts } from '../../sink/text.js';
import { buildPrefilter, type LinePrefilter } from '../../prefilter/index.js';
import {
  scanInParallel,
  startThreads,
  type ParallelStats,
  type ScanThreads,
} from '../../scan/parallel.js';
import type { WorkerInit } from '../../scan/messages.js';
import { readAuditEvents, type ReadTuning } from '../../source/read-audit.js';
import type { SourceFileDone, SourceProblem } from '../../source/types.js';
import { BUILTIN_RULES_DIR } from '../builtin.js';
import { processIo, type ScanIo } from '../io.js';
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
  /** Default true: skip JSON Lines that no rule can match without parsing them. */
  prefilter?: boolean;
  /** Threads that parse and assess events (default: the machine's cores); 1 = this thread. */
  workers?: number;
  /** Alert order: `input` (default, where each request was logged) or `time`. */
  sort?: 'input' | 'time';
  now?: Date;
}

export { processIo, type ScanIo } from '../io.js';

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
  // Threads load their code while this one loads the rules, off the critical path.
  const early = await startThreads(paths, chooseWorkers(opts, paths, opts.eql?.length ?? 0));
  try {
    return await scanWith(paths, rulePaths, opts, io, early);
  } finally {
    await early?.pool.close();
  }
}

async function scanWith(
  paths: string[],
  rulePaths: string[],
  opts: ScanOptions,
  io: ScanIo,
  early: ScanThreads | null,
): Promise<number> {
  const now = opts.now ?? new Date();
  let exceptionConfig: ExceptionConfig[] = [];
  let exceptions: CompiledException[] = [];
  if (opts.config) {
    // Only a config needs the YAML config reader and its zod schema: not loaded otherwise.
    const { ConfigError, loadConfig } = await import('../../config/load.js');
    try {
      exceptionConfig = loadConfig(opts.config).exceptions;
      exceptions = compileExceptions(exceptionConfig, now);
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
  // Parsed once here, compiled here and in each worker.
  const parsedRules = parseRulePaths(rulePaths);
  const init: WorkerInit = {
    rules: parsedRules,
    exceptions: exceptionConfig,
    now: now.getTime(),
    inputFormat: opts.inputFormat,
    prefilter: opts.prefilter !== false,
  };
  early?.pool.init(init);
  const load = compileRules(parsedRules);
  for (const d of load.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  const eql = await loadEql(opts, io);
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
  const parallel: ParallelStats = { workers: 1, tasks: 0, prefilter: null };
  // Started only now when EQL queries were asked for, and none loaded.
  const threads =
    early ?? (await startThreads(paths, chooseWorkers(opts, paths, eql.queries.length)));
  if (threads && !early) threads.pool.init(init);
  // Threads build their own prefilter; this thread's would only be described by --stats.
  const prefilter =
    threads && !opts.stats
      ? { filter: null, off: null }
      : choosePrefilter(opts, load.ruleSet, eql.queries.length);
  const tuning: ReadTuning = {
    prefilter: prefilter.filter,
    ...(progress ? { onProgress: (f: string, b: number) => progress.bytes(f, b) } : {}),
  };
  const items = threads
    ? scanInParallel(threads.units, threads.pool, parallel)
    : readAuditEvents(paths, { format: opts.inputFormat }, tuning);
  for await (const item of items) {
    if (item.kind === 'event' || item.kind === 'assessed') {
      raised.push(
        ...(item.kind === 'event'
          ? engine.process(item)
          : engine.processAssessed(item.source, item.assessment)),
      );
      for (const p of engine.takeProblems())
        report({ ...p.event, kind: 'problem', reason: p.reason }, 'not fully evaluated');
      progress?.tick(engine.stats.events, raised.length);
    } else if (item.kind === 'problem') report(item);
    else {
      files.push(item);
      if (threads) progress?.bytes(item.file, item.bytes);
    }
  }
  raised.push(...engine.flush());
  for (const p of engine.takeProblems())
    report({ ...p.event, kind: 'problem', reason: p.reason }, 'not fully evaluated');
  progress?.done();
  if (problemCount > problems.length)
    io.err(`… ${problemCount - problems.length} more input problems not shown (--max-errors)\n`);

  raised.sort(
    opts.sort === 'time'
      ? (a, b) => (a.alert.time ?? '').localeCompare(b.alert.time ?? '') || a.seq - b.seq
      : (a, b) => a.seq - b.seq,
  );
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
      `${JSON.stringify({ stats: { ...engine.stats, files, inputProblems: problemCount, problems, rules: load.rules.length, eqlQueries: eql.queries.length, eql: eqlMatcher.stats, ruleLoadErrors: ruleErrors, alertsShown: alerts.length, prefilter: prefilterStats(prefilter, files, parallel), workers: parallel.workers, tasks: parallel.tasks } }, null, 2)}\n`,
    );
  }
  if (ioFailure) return 2;
  if (opts.failOn && alerts.some((a) => severityRank(a.severity) >= severityRank(opts.failOn!)))
    return 1;
  return 0;
}

/** Loads and reports the EQL queries; the EQL compiler is loaded only when there are some. */
async function loadEql(opts: ScanOptions, io: ScanIo): Promise<EqlLoadResult> {
  if (!opts.eql?.length) return { queries: [], diagnostics: [] };
  const { formatEqlDiagnostic, loadEqlPaths } = await import('../../eql/load/index.js');
  // A match must complete on the request being evaluated, so sequences get no reorder window.
  const eql = loadEqlPaths(opts.eql, [opts.eqlDialect ?? 'elastic'], { reorderWindowMs: 0 });
  for (const d of eql.diagnostics) io.err(`${formatEqlDiagnostic(d)}\n`);
  return eql;
}

/** Why the prefilter is off, when it is: the stats say so rather than leave users guessing. */
function choosePrefilter(
  opts: ScanOptions,
  ruleSet: CompiledRuleSet,
  eqlQueries: number,
): { filter: LinePrefilter | null; off: string | null } {
  if (opts.prefilter === false) return { filter: null, off: '--no-prefilter' };
  // EQL sequences need every event in order and its queries are not translated to needles.
  if (eqlQueries > 0) return { filter: null, off: 'EQL queries loaded' };
  const filter = buildPrefilter(ruleSet.witnesses(), {
    followUps: true,
    inputFormat: opts.inputFormat,
  });
  return filter ? { filter, off: null } : { filter, off: 'a rule constrains no searchable text' };
}

function prefilterStats(
  p: { filter: LinePrefilter | null; off: string | null },
  files: SourceFileDone[],
  parallel: ParallelStats,
): Record<string, unknown> {
  if (!p.filter) return { enabled: false, reason: p.off };
  return {
    enabled: true,
    search: p.filter.impl,
    anchors: p.filter.anchors.map((n) => (n.cased ? n.text : `i:${n.text}`)),
    lines: files.reduce((sum, f) => sum + (f.lines ?? 0), 0),
    skippedLines: files.reduce((sum, f) => sum + (f.skippedLines ?? 0), 0),
    ...(parallel.prefilter ?? p.filter.stats),
  };
}

/**
 * Worker threads pay off for files; standard input is one stream, and EQL sequences keep
 * state across events, so those run on this thread.
 */
function chooseWorkers(opts: ScanOptions, paths: string[], eqlQueries: number): number {
  const wanted = opts.workers ?? availableParallelism();
  if (wanted <= 1 || eqlQueries > 0 || paths.includes('-')) return 1;
  return wanted;
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
  const skipped = files.reduce((sum, f) => sum + (f.skippedLines ?? 0), 0);
  if (skipped) parts.push(`${skipped} line(s) no rule can match left unparsed`);
  if (belowThreshold) parts.push(`${belowThreshold} below --min-severity`);
  if (suppressed) parts.push(`${suppressed} match(es) suppressed by exceptions`);
  if (problems) parts.push(`${problems} input problem(s)`);
  return `cronwarden: ${parts.join(', ')}`;
}
