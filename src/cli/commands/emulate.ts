import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildLabelledAuditEvents } from '../../emulate/build-events.js';
import { SCENARIOS } from '../../emulate/catalogue/index.js';
import { renderKubectlPlan } from '../../emulate/kubectl/index.js';
import { renderJsonl } from '../../emulate/render.js';
import type { Scenario } from '../../emulate/types.js';
import { labelledScenario, renderLabels } from '../../validate/index.js';
import { alignColumns } from '../../sink/columns.js';
import type { ScanIo } from './scan.js';

export interface EmulateOptions {
  scenario?: string[];
  kind?: 'attack' | 'benign';
  out?: string;
  labels?: string;
  kubectl?: boolean;
  format: 'text' | 'json';
  start?: string;
  seed?: string;
}

/**
 * `cronwarden emulate`: lists the scenario catalogue, writes the audit events the scenarios
 * produce (`--out`, with `--labels` for `validate`), or prints how to run them on a test cluster
 * (`--kubectl`). Nothing is ever applied to a cluster. Exit codes: 0 done, 2 usage or IO error.
 */
export function emulateCommand(opts: EmulateOptions, io: ScanIo): number {
  const chosen = chooseScenarios(opts, io);
  if (!chosen) return 2;
  const conflict = conflictingFlags(opts);
  if (conflict) {
    io.err(`cronwarden emulate: ${conflict}\n`);
    return 2;
  }
  let start: Date | undefined;
  if (opts.start !== undefined) {
    start = new Date(opts.start);
    if (Number.isNaN(start.getTime())) {
      io.err(
        `cronwarden emulate: --start "${opts.start}" is not a date (use e.g. 2026-11-02T09:00:00Z)\n`,
      );
      return 2;
    }
  }
  if (opts.kubectl) {
    io.out(renderKubectlPlan(chosen));
    return 0;
  }
  if (opts.out) return writeEvents(chosen, opts, start, io);
  io.out(opts.format === 'json' ? `${JSON.stringify(chosen, null, 2)}\n` : listing(chosen));
  return 0;
}

/** Flags that cannot be honoured together: refused rather than silently ignored. */
function conflictingFlags(opts: EmulateOptions): string | null {
  if (opts.labels && !opts.out) return '--labels labels the events of --out FILE: give --out too';
  if (opts.labels === '-') return '--labels needs a file path (standard output carries --out -)';
  if (opts.kubectl && (opts.out || opts.labels))
    return '--kubectl prints kubectl steps, --out writes audit events: run them separately';
  if (opts.format === 'json' && (opts.kubectl || opts.out))
    return '--format json is for the listing; --out writes JSON lines already, --kubectl a script';
  if (opts.out && opts.labels && resolve(opts.out) === resolve(opts.labels))
    return '--out and --labels name the same file: the labels would overwrite the events';
  if (!opts.out && (opts.seed !== undefined || opts.start !== undefined))
    return '--seed and --start shape the audit events of --out: give --out too';
  return null;
}

function chooseScenarios(opts: EmulateOptions, io: ScanIo): Scenario[] | null {
  let chosen = SCENARIOS;
  if (opts.scenario?.length) {
    const known = new Map(SCENARIOS.map((s) => [s.id, s]));
    const unknown = opts.scenario.filter((id) => !known.has(id));
    if (unknown.length) {
      io.err(
        `cronwarden emulate: unknown scenario(s): ${unknown.join(', ')} (run cronwarden emulate to list them)\n`,
      );
      return null;
    }
    // A scenario named twice would play twice, with the same auditIDs.
    chosen = [...new Set(opts.scenario)].map((id) => known.get(id)!);
  }
  if (opts.kind) chosen = chosen.filter((s) => s.kind === opts.kind);
  if (chosen.length === 0) {
    io.err('cronwarden emulate: no scenario left after the filters\n');
    return null;
  }
  return chosen;
}

function writeEvents(
  chosen: Scenario[],
  opts: EmulateOptions,
  start: Date | undefined,
  io: ScanIo,
): number {
  const labelled = buildLabelledAuditEvents(chosen, {
    ...(start ? { start } : {}),
    ...(opts.seed ? { seed: opts.seed } : {}),
  });
  const text = renderJsonl(labelled.map((l) => l.event));
  const auditIDs = new Map<string, string[]>();
  for (const { event, scenarioId } of labelled) {
    const ids = auditIDs.get(scenarioId) ?? [];
    // Both stages of a request share an auditID; list it once.
    if (event.auditID && ids.at(-1) !== event.auditID && !ids.includes(event.auditID))
      ids.push(event.auditID);
    auditIDs.set(scenarioId, ids);
  }
  try {
    if (opts.out === '-') io.out(text);
    else writeFileSync(opts.out!, text);
    if (opts.labels)
      writeFileSync(opts.labels, renderLabels(chosen.map(labelledScenario), auditIDs));
  } catch (e) {
    io.err(`cronwarden emulate: cannot write: ${(e as Error).message}\n`);
    return 2;
  }
  io.err(
    `cronwarden emulate: ${labelled.length} audit events from ${chosen.length} scenario(s)${opts.out === '-' ? '' : ` written to ${opts.out}`}${opts.labels ? `, labels in ${opts.labels}` : ''}\n`,
  );
  return 0;
}

function listing(chosen: Scenario[]): string {
  const rows = chosen.map((s) => [
    s.id,
    s.kind,
    s.technique,
    s.kind === 'attack'
      ? `alert ≥ ${s.expect.minSeverity ?? 'medium'}`
      : `stay ≤ ${s.expect.maxSeverity ?? 'low'}`,
    s.title,
  ]);
  const header = ['scenario', 'kind', 'technique', 'expected', 'title'];
  const attacks = chosen.filter((s) => s.kind === 'attack').length;
  return `${alignColumns([header, ...rows]).join('\n')}\n\n${chosen.length} scenario(s): ${attacks} attack(s), ${chosen.length - attacks} benign. Write their audit events with --out FILE [--labels FILE], or print kubectl steps with --kubectl.\n`;
}
