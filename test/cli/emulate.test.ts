import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulateCommand, type EmulateOptions } from '../../src/cli/commands/emulate.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { buildAuditEvents } from '../../src/emulate/build-events.js';
import { SCENARIOS, scenarioById } from '../../src/emulate/catalogue/index.js';
import { renderJsonl } from '../../src/emulate/render.js';
import { loadLabels } from '../../src/validate/labels.js';
import { recordingIo } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-emulate-'));
const BASE: EmulateOptions = { format: 'text' };
function run(opts: Partial<EmulateOptions>) {
  const io = recordingIo();
  const code = emulateCommand({ ...BASE, ...opts }, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const SEEDS = [
  'seed-reverse-shell-cronjob',
  'seed-privileged-job-hostpath-etc',
  'seed-docker-socket-cronjob',
  'seed-cryptominer-cronjob',
  'seed-kubectl-create-cronjob',
  'seed-kubectl-get-cronjobs',
  'atomic-t1053-007-cronjob',
];

describe('cronwarden emulate', () => {
  it('lists every scenario with its kind, technique and expected outcome', () => {
    const { code, stdout } = run({});
    expect(code).toBe(0);
    for (const s of SCENARIOS)
      expect(stdout).toMatch(
        new RegExp(`^${s.id}\\s+${s.kind}\\s+${s.technique.replace('.', '\\.')}\\s+`, 'm'),
      );
    expect(stdout).toMatch(
      /^seed-reverse-shell-cronjob\s+attack\s+T1053\.007\s+alert ≥ medium\s+/m,
    );
    const attacks = SCENARIOS.filter((s) => s.kind === 'attack').length;
    expect(stdout).toContain(
      `${SCENARIOS.length} scenario(s): ${attacks} attack(s), ${SCENARIOS.length - attacks} benign`,
    );
  });

  it('has the seed tests, the Atomic test and the seed false-positive classes', () => {
    const ids = new Set(SCENARIOS.map((s) => s.id));
    for (const id of SEEDS) expect(ids, id).toContain(id);
    const benign = SCENARIOS.filter((s) => s.kind === 'benign').map((s) =>
      `${s.id} ${s.title} ${s.description}`.toLowerCase(),
    );
    for (const word of ['alpine', 'ubuntu', 'nmap', 'fluent', 'promtail'])
      expect(
        benign.some((t) => t.includes(word)),
        word,
      ).toBe(true);
  });

  it('filters by kind and id, and lists JSON definitions', () => {
    const benign = JSON.parse(run({ kind: 'benign', format: 'json' }).stdout) as { kind: string }[];
    expect(benign.length).toBe(SCENARIOS.filter((s) => s.kind === 'benign').length);
    expect(new Set(benign.map((s) => s.kind))).toEqual(new Set(['benign']));
    const one = run({ scenario: ['seed-docker-socket-cronjob'] }).stdout;
    expect(one).toContain('seed-docker-socket-cronjob');
    expect(one).toContain('1 scenario(s): 1 attack(s), 0 benign');
  });

  it('writes exactly the events the builder produces, and labels for validate', () => {
    const out = join(dir, 'seeds.jsonl');
    const labels = join(dir, 'seeds.labels.yaml');
    const { code, stderr } = run({ scenario: SEEDS, out, labels });
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(renderJsonl(buildAuditEvents(SEEDS.map(scenarioById))));
    expect(stderr).toMatch(
      /audit events from 7 scenario\(s\) written to .*seeds\.jsonl, labels in /,
    );
    const loaded = loadLabels(labels);
    expect(loaded.scenarios.map((s) => s.id)).toEqual(SEEDS);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const ids = new Set(lines.map((l) => (JSON.parse(l) as { auditID: string }).auditID));
    expect(new Set(loaded.scenarioOf.keys())).toEqual(ids);
  });

  it('plays a scenario named twice once', () => {
    const once = run({ scenario: ['hostpath-root-job'], out: '-' }).stdout;
    expect(run({ scenario: ['hostpath-root-job', 'hostpath-root-job'], out: '-' }).stdout).toBe(
      once,
    );
  });

  it('writes to stdout with -, and is deterministic per seed and start', () => {
    const a = run({ scenario: ['seed-cryptominer-cronjob'], out: '-' }).stdout;
    const b = run({ scenario: ['seed-cryptominer-cronjob'], out: '-' }).stdout;
    const seeded = run({ scenario: ['seed-cryptominer-cronjob'], out: '-', seed: 'other' }).stdout;
    const later = run({
      scenario: ['seed-cryptominer-cronjob'],
      out: '-',
      start: '2027-01-01T00:00:00Z',
    }).stdout;
    expect(a).toBe(b);
    expect(seeded).not.toBe(a);
    expect(later).toContain('"requestReceivedTimestamp":"2027-01-01T00:00:00');
  });

  it('round-trips through validate: the labelled log passes with the built-in rules', async () => {
    const out = join(dir, 'mixed.jsonl');
    const labels = join(dir, 'mixed.labels.yaml');
    const chosen = [
      ...SEEDS,
      'ci-integration-tests-job',
      'ci-ubuntu-release-packaging-job',
      'security-scan-nmap-cronjob',
      'fluent-bit-daemonset',
      'rev-shell-ncat-exec-pod',
    ];
    expect(run({ scenario: chosen, out, labels }).code).toBe(0);
    const io = recordingIo();
    const code = await validateCommand(
      [out],
      {
        labels,
        builtinRules: true,
        eql: true,
        eqlDialect: 'both',
        format: 'json',
        inputFormat: 'auto',
      },
      io,
    );
    const report = JSON.parse(io.stdout()) as {
      passed: boolean;
      engines: {
        engineId: string;
        falseNegatives: number;
        falsePositives: number;
        unlabelledFindings: number;
      }[];
    };
    expect(code, io.stderr()).toBe(0);
    expect(report.passed).toBe(true);
    const builtin = report.engines.find((e) => e.engineId === 'builtin')!;
    expect(builtin).toMatchObject({ falseNegatives: 0, falsePositives: 0, unlabelledFindings: 0 });
    expect(report.engines.map((e) => e.engineId)).toEqual([
      'builtin',
      'eql:reference:elastic',
      'eql:reference:search',
    ]);
  });

  it('refuses unknown scenarios, --labels without --out, a bad --start and unwritable files', () => {
    expect(run({ scenario: ['nope'] })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown scenario(s): nope'),
    });
    expect(run({ labels: join(dir, 'l.yaml') })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give --out too'),
    });
    expect(run({ kubectl: true, out: join(dir, 'k.jsonl') })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('run them separately'),
    });
    expect(run({ kubectl: true, format: 'json' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format json is for the listing'),
    });
    expect(run({ out: '-', labels: '-' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--labels needs a file path'),
    });
    const same = join(dir, 'same.jsonl');
    expect(run({ out: same, labels: `${dir}/./same.jsonl` })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('name the same file'),
    });
    expect(run({ kubectl: true, seed: 'x' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--seed and --start shape the audit events of --out'),
    });
    expect(run({ out: '-', start: 'yesterday' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a date'),
    });
    expect(run({ out: join(dir, 'missing', 'x.jsonl') })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot write'),
    });
  });
});
