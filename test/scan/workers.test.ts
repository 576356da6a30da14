import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { scan, type ScanOptions } from '../../src/cli/commands/scan.js';
import { buildAuditEvents, goJson, SCENARIOS } from '../../src/emulate/index.js';
import { Pool } from '../../src/scan/parallel.js';
import { planFile } from '../../src/scan/plan.js';
import { recordingIo } from '../cli/io.js';
import { COMPARABLE_SCAN } from '../helpers/scan-options.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const base: ScanOptions = { ...COMPARABLE_SCAN, stats: true };

async function run(paths: string[], extra: Partial<ScanOptions>) {
  const io = recordingIo();
  const code = await scan(paths, { ...base, ...extra }, io);
  const err = io.stderr();
  const stats = JSON.parse(err.slice(err.indexOf('{\n'))) as {
    stats: { workers: number; tasks: number; events: number; files: unknown[] };
  };
  return { code, out: io.stdout(), problems: err.slice(0, err.indexOf('{\n')), stats };
}

/**
 * A JSON Lines log of `mb` MB: the emulation catalogue (attacks with their CronJob runs, so
 * follow-ups link across range boundaries) spread through filler reads, plus a few bad lines.
 */
function bigLog(dir: string, mb: number): string {
  const catalogue = buildAuditEvents(SCENARIOS).map((e) => goJson(e));
  const filler = (i: number): string =>
    JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      stage: 'ResponseComplete',
      requestURI: `/api/v1/namespaces/team-${i % 50}/configmaps/settings-${i % 7}`,
      verb: i % 3 === 0 ? 'list' : 'get',
      user: {
        username: `system:serviceaccount:team-${i % 50}:app`,
        groups: ['system:authenticated'],
      },
      sourceIPs: [`10.1.${i % 200}.${i % 250}`],
      userAgent: 'app/1.0 (linux/amd64) kubernetes/abcdef',
      objectRef: { resource: 'configmaps', namespace: `team-${i % 50}`, name: `settings-${i % 7}` },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2026-11-02T09:00:00.000000Z',
      stageTimestamp: '2026-11-02T09:00:00.001000Z',
    });
  const lines: string[] = [];
  let bytes = 0;
  let next = 0;
  for (let i = 0; bytes < mb * 1e6; i++) {
    const line =
      i % 40 === 0 && next < catalogue.length
        ? catalogue[next++]!
        : i % 5001 === 0
          ? '{"kind":"Event", truncated'
          : i % 3001 === 0
            ? // Not an audit record: summarised once per file, however many ranges hold them.
              `{"records":[{"category":"kube-scheduler","time":"2026-11-02T09:00:00Z","properties":{"log":"create pods ${i}"}}]}`
            : filler(i);
    lines.push(line);
    bytes += line.length + 1;
  }
  for (; next < catalogue.length; next++) lines.push(catalogue[next]!);
  const path = join(dir, 'big.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('scan --workers', () => {
  let dir: string;
  let big: string;
  beforeAll(() => {
    // Worker threads run the built code (dist/scan/worker.js).
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    dir = tempFiles('cw-workers-').dir;
    big = bigLog(dir, 20);
  }, 180_000);

  it('cuts a big JSON Lines file into line-aligned ranges', async () => {
    const ranges = await planFile(big, 2);
    expect(ranges.length).toBeGreaterThan(2);
    expect(ranges[0]).toMatchObject({ start: 0, knownLines: false });
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
      expect(ranges[i]!.knownLines).toBe(true);
    }
  });

  it('gives the same alerts, problems and counts with 1 and 2 workers, with and without the prefilter', async () => {
    const one = await run([big], { workers: 1 });
    const two = await run([big], { workers: 2 });
    const plain = await run([big], { workers: 2, prefilter: false });
    expect(two.stats.stats.workers).toBe(2);
    expect(two.stats.stats.tasks).toBeGreaterThan(2);
    expect(one.out.split('\n').length).toBeGreaterThan(40);
    expect(two.out).toEqual(one.out);
    expect(plain.out).toEqual(one.out);
    expect(two.code).toBe(one.code);
    // The same skipped and reported lines, with the same file-relative line numbers.
    expect(two.problems).toEqual(one.problems);
    expect(one.problems).toMatch(/skipped \d+ such records, the first here/);
    expect(two.stats.stats.files).toEqual(one.stats.stats.files);
    // Follow-ups were linked across range boundaries exactly as on one thread.
    expect(one.out).toContain('"relatedCount"');
  }, 120_000);

  it('gives the same alerts and rule diagnostics with extra rules and exceptions, which workers get parsed', async () => {
    const files = tempFiles('cw-worker-rules-');
    files.file(
      'rules/extra.yml',
      `title: Settings listed in team-7
id: 1f0c4a52-7d3e-4b8a-9c61-2e5f8a0b3d74
logsource: {product: kubernetes, service: audit}
detection:
  selection:
    verb: list
    objectRef.namespace: team-7
    objectRef.name: settings-3
  condition: selection
level: medium
---
title: never deletes
logsource: {product: kubernetes, service: audit}
filter:
  rules: [1f0c4a52-7d3e-4b8a-9c61-2e5f8a0b3d74]
  selection: {verb: delete}
  condition: not selection
---
title: many listings
logsource: {product: kubernetes, service: audit}
correlation:
  type: event_count
  rules: [1f0c4a52-7d3e-4b8a-9c61-2e5f8a0b3d74]
  group-by: [user.username]
  timespan: 5m
  condition: {gte: 3}
`,
    );
    files.file('rules/bad.yml', 'title: bad\nlogsource: {product: kubernetes}\ndetection: x\n');
    // Silences every rule in one namespace the catalogue writes to.
    const plain = await run([big], { workers: 1 });
    const ns = plain.out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { object: { namespace: string | null } }).object.namespace)
      .find((n) => n !== null && n !== 'team-7');
    const config = files.file(
      'config.yaml',
      `exceptions:\n  - name: quiet\n    reason: test\n    match: {namespaces: [${ns}]}\n`,
    );
    const extra = { rules: [join(files.dir, 'rules')], config };
    const one = await run([big], { workers: 1, ...extra });
    const two = await run([big], { workers: 2, ...extra });
    expect(two.stats.stats.workers).toBe(2);
    expect(one.problems).toContain('E_DETECTION_SHAPE');
    expect(one.problems).toContain('N_CORRELATION_NOT_EVALUATED');
    expect(one.out).toContain('Settings listed in team-7');
    expect(one.out).not.toContain(`"namespace":"${ns}"`);
    expect(two.out).toEqual(one.out);
    expect(two.problems).toEqual(one.problems);
    const suppressed = (r: typeof one) =>
      (r.stats.stats as unknown as { suppressed: Record<string, number> }).suppressed;
    expect(suppressed(one).quiet).toBeGreaterThan(0);
    expect(suppressed(two)).toEqual(suppressed(one));
  }, 120_000);

  it('stops the threads it started before the rules loaded when it exits early', async () => {
    const files = tempFiles('cw-worker-strict-');
    files.file('bad.yml', 'title: bad\nlogsource: {product: kubernetes}\ndetection: x\n');
    const close = vi.spyOn(Pool.prototype, 'close');
    try {
      const io = recordingIo();
      const code = await scan([big], { ...base, workers: 2, strict: true, rules: [files.dir] }, io);
      expect(code).toBe(2);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toContain('E_DETECTION_SHAPE');
      expect(close).toHaveBeenCalled();
    } finally {
      close.mockRestore();
    }
  }, 60_000);

  it('starts threads after loading EQL queries when none loaded', async () => {
    const files = tempFiles('cw-worker-eql-');
    const query = files.file('broken.eql', 'process where (\n');
    const one = await run([big], { workers: 1, eql: [query] });
    const two = await run([big], { workers: 2, eql: [query] });
    expect(one.problems).toContain('E_EQL_SYNTAX');
    expect(two.stats.stats.workers).toBe(2);
    expect(two.out).toEqual(one.out);
    expect(two.problems).toEqual(one.problems);
  }, 60_000);

  it('spreads several files, gzip among them, and keeps input order', async () => {
    const events = buildAuditEvents(SCENARIOS).map((e) => goJson(e));
    const half = Math.floor(events.length / 2);
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl.gz');
    writeFileSync(a, `${events.slice(0, half).join('\n')}\n`);
    writeFileSync(b, gzipSync(`${events.slice(half).join('\n')}\n`));
    const one = await run([a, b, join(dir, 'missing.jsonl')], { workers: 1 });
    const two = await run([a, b, join(dir, 'missing.jsonl')], { workers: 2 });
    expect(two.out).toEqual(one.out);
    expect(two.problems).toEqual(one.problems);
    expect(two.problems).toContain('missing.jsonl');
    expect(two.code).toBe(2);
  }, 60_000);

  it('sorts by time on request', async () => {
    const byTime = await run([big], { workers: 2, sort: 'time' });
    const times = byTime.out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { time: string }).time);
    expect(times).toEqual([...times].sort());
  }, 60_000);
});
