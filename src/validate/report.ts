import { alignColumns } from '../sink/columns.js';
import type { ValidationCell, ValidationReport } from './types.js';

export type ReportFormat = 'text' | 'md' | 'json';

export function renderReport(report: ValidationReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'md' ? renderMarkdown(report) : renderText(report);
}

/** One cell as a person reads it: verdict mark, severity, how much was raised. */
export function cellText(cell: ValidationCell, unit: 'alerts' | 'events'): string {
  const amount =
    unit === 'events'
      ? ` (${cell.findings} event${cell.findings === 1 ? '' : 's'})`
      : cell.findings > 1
        ? ` (${cell.findings} alerts)`
        : '';
  const linked = cell.linked > 0 ? ` +${cell.linked} linked` : '';
  switch (cell.verdict) {
    case 'caught':
      return `✓ ${cell.top}${amount}${linked}`;
    case 'weak':
      return `✗ only ${cell.top}${amount}`;
    case 'missed':
      return '✗ missed';
    case 'quiet':
      return '✓ quiet';
    case 'noted':
      return `✓ ${cell.top}${amount}`;
    case 'false-positive':
      return `✗ FP ${cell.top}${amount}`;
  }
}

function expected(s: ValidationReport['scenarios'][number]): string {
  return s.kind === 'attack'
    ? `≥ ${s.expect.minSeverity ?? 'medium'}`
    : `≤ ${s.expect.maxSeverity ?? 'low'}`;
}

function grid(report: ValidationReport): {
  header: string[];
  rows: string[][];
  totals: string[][];
} {
  const byKey = new Map(report.cells.map((c) => [`${c.scenarioId}\u0000${c.engineId}`, c]));
  const header = ['scenario', 'kind', 'expected', ...report.engines.map((e) => e.engineId)];
  const rows = report.scenarios.map((s) => [
    s.id,
    s.kind,
    expected(s),
    ...report.engines.map((e) => cellText(byKey.get(`${s.id}\u0000${e.engineId}`)!, e.unit)),
  ]);
  const attacks = report.scenarios.filter((s) => s.kind === 'attack').length;
  const benign = report.scenarios.length - attacks;
  const totals = [
    ['engine', 'gates', 'attacks caught', 'missed', 'benign flagged (FP)', 'raised'],
    ...report.engines.map((e) => [
      e.engineId,
      e.gate ? 'yes' : 'no',
      `${e.truePositives} / ${attacks}`,
      String(e.falseNegatives),
      `${e.falsePositives} / ${benign}`,
      `${e.findings} ${e.findings === 1 ? e.unit.slice(0, -1) : e.unit}${e.unlabelledFindings ? ` (${e.unlabelledFindings} unlabelled)` : ''}`,
    ]),
  ];
  return { header, rows, totals };
}

function renderText(report: ValidationReport): string {
  const { header, rows, totals } = grid(report);
  const lines = [
    ...alignColumns([header, ...rows]),
    '',
    ...alignColumns(totals),
    '',
    ...report.engines.map((e) => `${e.engineId}: ${e.label}`),
    ...problemLines(report),
    '',
    report.passed
      ? 'validate: passed: every gated engine caught every attack and flagged no benign scenario'
      : `validate: FAILED: ${failures(report)}`,
  ];
  return `${lines.join('\n')}\n`;
}

function renderMarkdown(report: ValidationReport): string {
  const { header, rows, totals } = grid(report);
  const md = (r: string[]): string => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  const sep = (n: number): string => `| ${Array(n).fill('---').join(' | ')} |`;
  const code = (r: string[]): string[] => [`\`${r[0]}\``, ...r.slice(1)];
  return [
    md(totals[0]!),
    sep(totals[0]!.length),
    ...totals.slice(1).map((r) => md(code(r))),
    '',
    ...report.engines.map((e) => `- \`${e.engineId}\`: ${e.label}`),
    ...problemLines(report).map((l) => `\n${l}`),
    '',
    md(header),
    sep(header.length),
    ...rows.map((r) => md(code(r))),
    '',
  ].join('\n');
}

function problemLines(report: ValidationReport): string[] {
  return report.engines
    .filter((e) => e.evaluationProblems > 0)
    .map(
      (e) =>
        `warning: ${e.engineId} could not fully evaluate ${e.evaluationProblems} event(s) (reported above): its verdicts may miss them`,
    );
}

function failures(report: ValidationReport): string {
  return report.engines
    .filter((e) => e.gate && (e.falseNegatives > 0 || e.falsePositives > 0))
    .map(
      (e) =>
        `${e.engineId} missed ${e.falseNegatives} attack(s), flagged ${e.falsePositives} benign`,
    )
    .join('; ');
}
