import { basename, extname, resolve } from 'node:path';
import { compileExceptions, type CompiledException } from '../../config/exceptions.js';
import { ConfigError, loadConfig } from '../../config/load.js';
import { SCENARIOS } from '../../emulate/catalogue/index.js';
import { formatEqlDiagnostic, loadEqlPaths } from '../../eql/load/index.js';
import { EQL_DIALECTS, type EqlDialect } from '../../eql/types.js';
import type { InputFormat } from '../../schema/audit-event.js';
import { formatDiagnostic, loadRulePaths } from '../../sigma/index.js';
import { readAuditEvents } from '../../source/read-audit.js';
import type { SourceEvent } from '../../source/types.js';
import {
  catalogueStreams,
  eqlEngine,
  labelledScenario,
  loadLabels,
  renderReport,
  sigmaEngine,
  validate as runValidation,
  type LabelledScenario,
  type ReportFormat,
  type ValidationEngine,
  type ValidationStream,
} from '../../validate/index.js';
import { BUILTIN_RULES_DIR, REFERENCE_EQL_QUERY } from '../builtin.js';
import type { ScanIo } from './scan.js';

export interface ValidateOptions {
  labels?: string;
  scenario?: string[];
  kind?: 'attack' | 'benign';
  rules?: string[];
  builtinRules: boolean;
  config?: string;
  /** false: `--no-eql`. */
  eql: string[] | boolean;
  eqlDialect: EqlDialect | 'both';
  gate?: string[];
  format: ReportFormat;
  strict?: boolean;
  inputFormat: InputFormat;
  now?: Date;
}

class UsageError extends Error {}

const MAX_ABSENT_SHOWN = 20;

/**
 * `cronwarden validate`: the catalogue (or a labelled audit log) through every engine side by
 * side. Exit codes: 0 passed, 1 a gated engine missed an attack or flagged a benign scenario,
 * 2 usage, labels, config, rule, query or input error.
 */
export async function validateCommand(
  paths: string[],
  opts: ValidateOptions,
  io: ScanIo,
): Promise<number> {
  try {
    const { scenarios, streams } = await loadTarget(paths, opts, io);
    const engines = buildEngines(opts, io);
    const report = runValidation(scenarios, streams, engines);
    io.out(renderReport(report, opts.format));
    return report.passed ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function loadTarget(
  paths: string[],
  opts: ValidateOptions,
  io: ScanIo,
): Promise<{ scenarios: LabelledScenario[]; streams: ValidationStream[] }> {
  if (paths.length === 0) {
    if (opts.labels) throw new UsageError('cronwarden validate: --labels needs audit log paths');
    let chosen = SCENARIOS;
    if (opts.scenario?.length) {
      const known = new Map(SCENARIOS.map((s) => [s.id, s]));
      const unknown = opts.scenario.filter((id) => !known.has(id));
      if (unknown.length)
        throw new UsageError(
          `cronwarden validate: unknown scenario(s): ${unknown.join(', ')} (list them with: cronwarden emulate)`,
        );
      chosen = [...new Set(opts.scenario)].map((id) => known.get(id)!);
    }
    if (opts.kind) chosen = chosen.filter((s) => s.kind === opts.kind);
    if (chosen.length === 0)
      throw new UsageError('cronwarden validate: no scenario left after --scenario and --kind');
    return { scenarios: chosen.map(labelledScenario), streams: catalogueStreams(chosen) };
  }
  if (!opts.labels)
    throw new UsageError(
      'cronwarden validate: an audit log needs --labels FILE saying which events are attacks (cronwarden emulate --labels writes one)',
    );
  const labels = loadLabels(opts.labels);
  const events: SourceEvent[] = [];
  let problems = 0;
  for await (const item of readAuditEvents(paths, { format: opts.inputFormat })) {
    if (item.kind === 'event') events.push(item);
    else if (item.kind === 'problem') {
      problems++;
      io.err(
        `${item.file}:${item.line}${item.path ? ` ${item.path}` : ''}: skipped: ${item.reason}\n`,
      );
      if (item.line === 0) throw new UsageError(`cronwarden validate: cannot read ${item.file}`);
    }
  }
  const seen = new Set(events.map((e) => e.event.auditID));
  // A mistyped auditID would quietly grade its scenario on the rest: name each one.
  const absent = [...labels.scenarioOf].filter(([id]) => !seen.has(id));
  for (const [id, scenario] of absent.slice(0, MAX_ABSENT_SHOWN))
    io.err(
      `${labels.whereIs.get(id)}: auditID ${id} of scenario "${scenario}" is not in the log\n`,
    );
  if (absent.length > MAX_ABSENT_SHOWN)
    io.err(`… ${absent.length - MAX_ABSENT_SHOWN} more labelled auditIDs are not in the log\n`);
  const present = new Set(
    [...labels.scenarioOf].filter(([id]) => seen.has(id)).map(([, scenario]) => scenario),
  );
  for (const s of labels.scenarios.filter((x) => !present.has(x.id)))
    io.err(
      `cronwarden validate: no event of scenario "${s.id}" is in the log: it is graded as if nothing was raised\n`,
    );
  if (problems) io.err(`cronwarden validate: ${problems} input problem(s)\n`);
  return {
    scenarios: labels.scenarios,
    streams: [
      { events, scenarioOf: (id) => (id === null ? undefined : labels.scenarioOf.get(id)) },
    ],
  };
}

function buildEngines(opts: ValidateOptions, io: ScanIo): ValidationEngine[] {
  const exceptions = loadExceptions(opts, io);
  const engines: ValidationEngine[] = [];
  let loadErrors = 0;
  const onProblem =
    (engineId: string) =>
    (e: SourceEvent, reason: string): void =>
      io.err(`${e.file}:${e.line}${e.path ? ` ${e.path}` : ''}: ${engineId}: ${reason}\n`);
  const sigma = (id: string, label: string, path: string): void => {
    const load = loadRulePaths([path]);
    for (const d of load.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    loadErrors += load.diagnostics.filter((d) => d.severity === 'error').length;
    if (load.rules.length === 0)
      throw new UsageError(
        `cronwarden validate: no Sigma rule could be loaded from ${path}: a column without rules would only show misses`,
      );
    engines.push(sigmaEngine(id, label, load.ruleSet, exceptions, false, onProblem(id)));
  };
  if (opts.builtinRules)
    sigma('builtin', 'cronwarden built-in Sigma rules (rules/)', BUILTIN_RULES_DIR);
  for (const path of opts.rules ?? [])
    sigma(`rules:${stem(path)}`, `Sigma rules from ${path}`, path);

  const dialects = opts.eqlDialect === 'both' ? EQL_DIALECTS : [opts.eqlDialect];
  const eqlPaths = opts.eql === false ? [] : opts.eql === true ? [REFERENCE_EQL_QUERY] : opts.eql;
  for (const path of eqlPaths) {
    const load = loadEqlPaths([path], dialects);
    for (const d of load.diagnostics) io.err(`${formatEqlDiagnostic(d)}\n`);
    loadErrors += load.diagnostics.filter((d) => d.severity === 'error').length;
    const isReference = resolve(path) === REFERENCE_EQL_QUERY;
    const name = isReference ? 'reference' : stem(path);
    const what = isReference ? 'the reference Elastic query' : `EQL from ${path}`;
    if (load.queries.length === 0)
      throw new UsageError(
        `cronwarden validate: no EQL query could be loaded from ${path}: a column without queries would only show misses`,
      );
    for (const dialect of dialects) {
      const queries = load.queries.filter((q) => q.dialect === dialect);
      engines.push(
        eqlEngine(
          `eql:${name}:${dialect}`,
          `${what}, ${dialect} dialect (${queries.length} quer${queries.length === 1 ? 'y' : 'ies'})`,
          queries,
          false,
          onProblem(`eql:${name}:${dialect}`),
        ),
      );
    }
  }
  if (opts.strict && loadErrors > 0)
    throw new UsageError(`cronwarden validate: ${loadErrors} rule/query load error(s) (--strict)`);
  if (engines.length === 0)
    throw new UsageError('cronwarden validate: no engine to run (rules and EQL both disabled)');

  const ids = new Set(engines.map((e) => e.id));
  const duplicate = engines.find((e, i) => engines.findIndex((x) => x.id === e.id) !== i);
  if (duplicate)
    throw new UsageError(
      `cronwarden validate: two engines are both named "${duplicate.id}": rename one of the paths`,
    );
  // Something always decides the exit status: cronwarden's own rules if they run, else the
  // user's Sigma rules, else (only EQL columns) every column.
  const sigmaColumns = engines.filter((e) => e.id.startsWith('rules:')).map((e) => e.id);
  const gate =
    opts.gate ??
    (ids.has('builtin') ? ['builtin'] : sigmaColumns.length > 0 ? sigmaColumns : ['all']);
  const gates = gate.includes('all') ? [...ids] : gate;
  const unknown = gates.filter((g) => !ids.has(g));
  if (unknown.length)
    throw new UsageError(
      `cronwarden validate: --gate ${unknown.join(', ')}: no such engine (engines: ${[...ids].join(', ')}, or all)`,
    );
  return engines.map((e) => ({ ...e, gate: gates.includes(e.id) }));
}

function loadExceptions(opts: ValidateOptions, io: ScanIo): CompiledException[] {
  if (!opts.config) return [];
  const exceptions = compileExceptions(loadConfig(opts.config).exceptions, opts.now ?? new Date());
  for (const e of exceptions.filter((x) => x.expired))
    io.err(
      `${opts.config}: exception "${e.name}" expired on ${e.expires}: not applied (renew or remove it)\n`,
    );
  return exceptions;
}

function stem(path: string): string {
  return basename(path, extname(path)) || path;
}
