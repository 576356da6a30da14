import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand, type ValidateOptions } from '../../src/cli/commands/validate.js';
import { SCENARIOS } from '../../src/emulate/catalogue/index.js';
import type { ValidationReport } from '../../src/validate/types.js';
import { recordingIo } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-validate-'));
const BASE: ValidateOptions = {
  builtinRules: true,
  eql: true,
  eqlDialect: 'both',
  format: 'json',
  inputFormat: 'auto',
  now: new Date('2026-11-22T12:00:00Z'),
};
async function run(paths: string[], opts: Partial<ValidateOptions> = {}) {
  const io = recordingIo();
  const code = await validateCommand(paths, { ...BASE, ...opts }, io);
  const stdout = io.stdout();
  const report =
    (opts.format ?? 'json') === 'json' && stdout ? (JSON.parse(stdout) as ValidationReport) : null;
  return { code, stdout, stderr: io.stderr(), report };
}
const attacks = SCENARIOS.filter((s) => s.kind === 'attack').length;
const benign = SCENARIOS.length - attacks;

describe('cronwarden validate on the built-in catalogue', async () => {
  const full = await run([]);
  const engine = (id: string) => full.report!.engines.find((e) => e.engineId === id)!;

  it('passes: the built-in rules catch every attack and flag no benign scenario', () => {
    expect(full.code, full.stderr).toBe(0);
    expect(full.report!.passed).toBe(true);
    expect(engine('builtin')).toMatchObject({
      gate: true,
      truePositives: attacks,
      falseNegatives: 0,
      falsePositives: 0,
      trueNegatives: benign,
    });
  });

  it('runs the reference query in both dialects, ungated, and shows how they differ', () => {
    const elastic = engine('eql:reference:elastic');
    const search = engine('eql:reference:search');
    expect(elastic.gate).toBe(false);
    expect(search.gate).toBe(false);
    // Read as Elasticsearch reads it, only `like~ "*hostPath*"` can ever match.
    expect(elastic.truePositives).toBeGreaterThan(0);
    expect(elastic.truePositives).toBeLessThan(search.truePositives);
    expect(search.falsePositives).toBeGreaterThan(0);
    expect(search.truePositives).toBeLessThan(attacks);
    for (const c of full.report!.cells.filter(
      (c) => c.engineId === 'eql:reference:elastic' && c.findings > 0,
    )) {
      const s = SCENARIOS.find((x) => x.id === c.scenarioId)!;
      expect(JSON.stringify(s.steps).toLowerCase(), s.id).toContain('hostpath');
    }
  });

  it('gives every scenario a cell per engine', () => {
    expect(full.report!.cells).toHaveLength(SCENARIOS.length * 3);
  });

  it('prints a readable matrix and fails when a noisy engine is gated', async () => {
    const text = await run([], { format: 'text', gate: ['all'] });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^seed-reverse-shell-cronjob\s+attack\s+≥ medium\s+✓ critical/m);
    expect(text.stdout).toMatch(/^builtin\s+yes\s+\d+ \/ \d+\s+0\s+0 \/ \d+/m);
    expect(text.stdout).toMatch(
      /validate: FAILED: .*eql:reference:search missed \d+ attack\(s\), flagged \d+ benign/,
    );
  });

  it('writes markdown', async () => {
    const md = await run([], { format: 'md', scenario: ['seed-docker-socket-cronjob'] });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(
      /^\| `seed-docker-socket-cronjob` \| attack \| ≥ medium \| ✓ critical/m,
    );
  });
});

describe('cronwarden validate options', () => {
  it('adds a column per --rules path and per --eql path, and gates what it is told', async () => {
    const rules = join(dir, 'miners');
    const eql = join(dir, 'cronjobs.eql');
    writeFileSync(
      eql,
      'any where kubernetes.audit.objectRef.resource == "cronjobs" and kubernetes.audit.verb == "create"\n',
    );
    const { mkdirSync } = await import('node:fs');
    mkdirSync(rules, { recursive: true });
    writeFileSync(
      join(rules, 'miner.yml'),
      'title: Makes a download executable\nid: 11111111-2222-4333-8444-555555555555\nlevel: high\nlogsource: {product: kubernetes, service: audit}\ndetection:\n  sel: {workload.programs: chmod}\n  condition: sel\n',
    );
    const r = await run([], {
      rules: [rules],
      eql: [eql],
      eqlDialect: 'elastic',
      scenario: ['seed-cryptominer-cronjob', 'seed-reverse-shell-cronjob'],
      gate: ['rules:miners'],
    });
    expect(r.report!.engines.map((e) => [e.engineId, e.gate])).toEqual([
      ['builtin', false],
      ['rules:miners', true],
      ['eql:cronjobs:elastic', false],
    ]);
    const cell = (s: string, e: string) =>
      r.report!.cells.find((c) => c.scenarioId === s && c.engineId === e)!;
    expect(cell('seed-reverse-shell-cronjob', 'eql:cronjobs:elastic')).toMatchObject({
      verdict: 'caught',
      top: 'medium',
      ruleIds: ['cronjobs'],
    });
    expect(cell('seed-reverse-shell-cronjob', 'rules:miners').verdict).toBe('missed');
    expect(r.code).toBe(1);
  });

  it('reports load errors, and refuses them under --strict', async () => {
    const { mkdirSync } = await import('node:fs');
    const queries = join(dir, 'mixed-queries');
    mkdirSync(queries, { recursive: true });
    writeFileSync(join(queries, 'bad.eql'), 'any where kubernetes.audit.verb == and true');
    writeFileSync(join(queries, 'good.eql'), 'any where kubernetes.audit.verb == "create"');
    const lax = await run([], { eql: [queries], scenario: ['seed-reverse-shell-cronjob'] });
    expect(lax.code).toBe(0);
    expect(lax.stderr).toMatch(/bad\.eql:1:36: error E_EQL_SYNTAX \[bad, elastic dialect\]/);
    expect(lax.report!.engines.map((e) => e.label)).toContain(
      `EQL from ${queries}, elastic dialect (1 query)`,
    );
    const strict = await run([], {
      eql: [queries],
      strict: true,
      scenario: ['seed-reverse-shell-cronjob'],
    });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('--strict');
    const alone = await run([], { eql: [join(queries, 'bad.eql')] });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('no EQL query could be loaded');
  });

  it('gates every column when only EQL runs, and refuses a path that loads nothing', async () => {
    const onlyEql = await run([], {
      builtinRules: false,
      scenario: ['seed-reverse-shell-cronjob'],
    });
    expect(onlyEql.report!.engines.map((e) => e.gate)).toEqual([true, true]);
    expect(onlyEql.code).toBe(1);
    const missing = await run([], { eql: [join(dir, 'nope.eql')] });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/E_EQL_IO[\s\S]*no EQL query could be loaded from .*nope\.eql/);
    const noRules = await run([], { rules: [join(dir, 'nope-rules')] });
    expect(noRules.code).toBe(2);
    expect(noRules.stderr).toContain('no Sigma rule could be loaded');
  });

  it('names each labelled auditID missing from the log, with its place in the labels file', async () => {
    const { emulateCommand } = await import('../../src/cli/commands/emulate.js');
    const log = join(dir, 'two.jsonl');
    const labels = join(dir, 'two.labels.yaml');
    expect(
      emulateCommand(
        {
          format: 'text',
          scenario: ['seed-docker-socket-cronjob', 'ci-integration-tests-job'],
          out: log,
          labels,
        },
        recordingIo(),
      ),
    ).toBe(0);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(labels, 'utf8');
    const firstId = /auditIDs:\n\s+- (\S+)/.exec(text)![1]!;
    writeFileSync(labels, text.replace(firstId, 'mistyped-id'));
    const r = await run([log], { labels, eql: false });
    expect(r.stderr).toMatch(
      /two\.labels\.yaml:\d+:\d+: auditID mistyped-id of scenario "seed-docker-socket-cronjob" is not in the log/,
    );
    // The scenario is still graded on its other requests.
    expect(r.code).toBe(0);
  });

  it('reports events an engine could not evaluate, names the engine, and still grades the rest', async () => {
    const { buildAuditEvents } = await import('../../src/emulate/build-events.js');
    const { scenarioById } = await import('../../src/emulate/catalogue/index.js');
    const deep = `${'{"x":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const [create] = buildAuditEvents([scenarioById('seed-reverse-shell-cronjob')]).filter(
      (e) => e.verb === 'create' && e.stage === 'ResponseComplete',
    );
    const log = join(dir, 'hostile.jsonl');
    writeFileSync(
      log,
      `${JSON.stringify(create).replace('"spec":{', `"deep":${deep},"spec":{`)}\n`,
    );
    const labels = join(dir, 'hostile.labels.yaml');
    writeFileSync(
      labels,
      `scenarios:\n  - {id: shell, kind: attack, auditIDs: [${create!.auditID}]}\n`,
    );
    const r = await run([log], { labels });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /hostile\.jsonl:1: eql:reference:search: query reference: evaluation failed: /,
    );
    const engines = Object.fromEntries(
      r.report!.engines.map((e) => [e.engineId, e.evaluationProblems]),
    );
    expect(engines).toEqual({ builtin: 0, 'eql:reference:elastic': 1, 'eql:reference:search': 1 });
    expect(r.report!.cells.find((c) => c.engineId === 'builtin')!.verdict).toBe('caught');
  });

  it('refuses what it cannot run', async () => {
    expect((await run([], { gate: ['nope'] })).stderr).toMatch(/--gate nope: no such engine/);
    expect((await run([], { builtinRules: false, eql: false })).code).toBe(2);
    expect((await run([], { scenario: ['nope'] })).stderr).toMatch(/unknown scenario\(s\): nope/);
    const none = await run([], { scenario: ['seed-cryptominer-cronjob'], kind: 'benign' });
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining('no scenario left') });
    expect((await run([join(dir, 'log.jsonl')])).stderr).toMatch(/needs --labels FILE/);
    expect((await run([], { labels: join(dir, 'x.yaml') })).code).toBe(2);
    const badLabels = join(dir, 'bad-labels.yaml');
    writeFileSync(badLabels, 'scenarios:\n  - id: a\n    kind: maybe\n    auditIDs: [x]\n');
    writeFileSync(join(dir, 'log.jsonl'), '');
    const labelled = await run([join(dir, 'log.jsonl')], { labels: badLabels });
    expect(labelled.code).toBe(2);
    expect(labelled.stderr).toMatch(/bad-labels\.yaml:3:\d+: scenarios\[0\]\.kind: /);
  });
});
