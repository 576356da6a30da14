import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alert/types.js';
import { scan, type ScanOptions } from '../../src/cli/commands/scan.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { SCENARIOS } from '../../src/emulate/catalogue/index.js';
import {
  defaultOptions,
  generateAuditLog,
  generatedLabels,
  outputSink,
} from '../../src/generate/index.js';
import type { ValidationReport } from '../../src/validate/types.js';
import { recordingIo } from '../cli/io.js';
import { tempFiles } from '../helpers/temp-files.js';

const { dir } = tempFiles('cw-generate-');
const file = join(dir, 'generated.jsonl');
const labels = join(dir, 'generated.labels.yaml');
const options = { ...defaultOptions(), size: 5_000_000, seed: 'planted' };
const summary = await generateAuditLog(options, outputSink(file, null));
writeFileSync(labels, generatedLabels(options.attacks, summary));
const attacks = SCENARIOS.filter((s) => s.kind === 'attack');

describe('attacks planted in a generated log', () => {
  it('plants every attack scenario of the catalogue once, spread through the log', () => {
    expect(summary.planted.map((p) => p.id)).toEqual(attacks.map((s) => s.id));
    const text = readFileSync(file, 'utf8');
    let previous = 0;
    for (const p of summary.planted) {
      expect(p.auditIDs.length).toBeGreaterThan(0);
      expect(p.firstLine).toBeGreaterThan(previous);
      previous = p.firstLine;
      for (const id of p.auditIDs) expect(text).toContain(`"auditID":"${id}"`);
    }
    expect(summary.planted.at(-1)!.firstLine).toBeGreaterThan(summary.lines * 0.7);
    expect(summary.planted.reduce((n, p) => n + p.lines, 0)).toBe(summary.mix.attacks.lines);
  });

  it('is caught by the built-in rules on every planted scenario, and only there', async () => {
    const io = recordingIo();
    const opts = {
      format: 'json',
      minSeverity: 'informational',
      builtinRules: true,
      inputFormat: 'auto',
      maxErrors: 20,
      progress: false,
    } as ScanOptions;
    expect(await scan([file], opts, io)).toBe(0);
    const alerts = io
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Alert);
    const scenarioOf = new Map(summary.planted.flatMap((p) => p.auditIDs.map((id) => [id, p.id])));
    const caught = new Set(alerts.map((a) => scenarioOf.get(a.auditID ?? '')));
    for (const p of summary.planted) expect(caught, p.id).toContain(p.id);
    expect(alerts.filter((a) => !scenarioOf.has(a.auditID ?? ''))).toEqual([]);
  });

  it('comes with labels that validate grades the log with', async () => {
    const io = recordingIo();
    const code = await validateCommand(
      [file],
      {
        labels,
        builtinRules: true,
        eql: false,
        eqlDialect: 'elastic',
        format: 'json',
        inputFormat: 'auto',
      },
      io,
    );
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.stdout()) as ValidationReport;
    const builtin = report.engines.find((e) => e.engineId === 'builtin')!;
    expect(builtin.truePositives).toBe(attacks.length);
    expect(builtin.falseNegatives).toBe(0);
    expect(builtin.unlabelledFindings).toBe(0);
  });
});
