import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateCommand, type GenerateCommandOptions } from '../../src/cli/commands/generate.js';
import type { GenerateSummary } from '../../src/generate/index.js';
import { loadLabels } from '../../src/validate/labels.js';
import { tempFiles } from '../helpers/temp-files.js';
import { recordingIo } from './io.js';

const { dir } = tempFiles('cw-generate-cli-');

async function run(opts: GenerateCommandOptions) {
  const io = recordingIo();
  const code = await generateCommand(opts, io);
  return { code, stderr: io.stderr(), stdout: io.stdout() };
}

describe('cronwarden generate', () => {
  it('writes the log, the labels and the summary', async () => {
    const out = join(dir, 'a.jsonl');
    const labels = join(dir, 'a.labels.yaml');
    const summaryFile = join(dir, 'a.summary.json');
    const { code, stderr } = await run({
      out,
      size: '1MB',
      seed: 'cli',
      attacks: ['3'],
      labels,
      summary: summaryFile,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^cronwarden generate: \d+ lines, 1\.0 MB, 3 attack scenario\(s\) planted/,
    );
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as GenerateSummary;
    expect(summary.bytes).toBe(readFileSync(out).length);
    expect(summary.planted).toHaveLength(3);
    const loaded = loadLabels(labels);
    expect(loaded.scenarios.map((s) => s.id)).toEqual(summary.planted.map((p) => p.id));
    expect(loaded.scenarioOf.size).toBe(summary.planted.reduce((n, p) => n + p.auditIDs.length, 0));
  });

  it('gzips the same bytes with --gzip or a .gz name', async () => {
    const plain = join(dir, 'b.jsonl');
    const zipped = join(dir, 'b.jsonl.gz');
    expect((await run({ out: plain, size: '300KB', seed: 'gz', attacks: ['none'] })).code).toBe(0);
    expect((await run({ out: zipped, size: '300KB', seed: 'gz', attacks: ['none'] })).code).toBe(0);
    expect(gunzipSync(readFileSync(zipped)).equals(readFileSync(plain))).toBe(true);
  });

  it('refuses options it cannot honour, with exit status 2', async () => {
    const out = join(dir, 'c.jsonl');
    for (const [opts, message] of [
      [{}, /--out FILE is required/],
      [{ out, size: '5 parsecs' }, /is not a size/],
      [{ out, attacks: ['nope'] }, /unknown scenario/],
      [{ out, mix: 'reads=120' }, /over 100%/],
      [{ out, rate: '0' }, /--rate "0"/],
      [{ out, start: 'yesterday' }, /is not a date/],
      [{ out, gzipLevel: '11' }, /expected 1 to 9/],
      [{ out, labels: out }, /named twice/],
      [{ out, labels: '-' }, /need file paths/],
    ] as const) {
      const { code, stderr } = await run(opts as GenerateCommandOptions);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    }
  });
});
