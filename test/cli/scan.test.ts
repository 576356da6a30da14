import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scan, type ScanOptions } from '../../src/cli/commands/scan.js';
import type { Alert } from '../../src/alert/types.js';

const SAMPLE = new URL('../fixtures/audit/cluster-sample.jsonl', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cw-scan-'));

const BASE: ScanOptions = {
  format: 'json',
  minSeverity: 'low',
  builtinRules: true,
  inputFormat: 'auto',
  maxErrors: 20,
  progress: false,
  now: new Date('2026-11-22T12:00:00Z'),
};

async function run(paths: string[], opts: Partial<ScanOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await scan(
    paths,
    { ...BASE, ...opts },
    {
      out: (s) => (stdout += s),
      err: (s) => (stderr += s),
      errIsTty: false,
      outIsTty: false,
    },
  );
  const alerts =
    (opts.format ?? 'json') === 'json'
      ? stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Alert)
      : [];
  return { code, stdout, stderr, alerts };
}

describe('cronwarden scan', () => {
  it('writes one JSON alert per line with the documented fields', async () => {
    const { code, alerts, stderr } = await run([SAMPLE]);
    expect(code).toBe(0);
    expect(alerts.length).toBeGreaterThan(3);
    for (const a of alerts) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining([
          'id',
          'time',
          'severity',
          'riskScore',
          'title',
          'summary',
          'auditID',
          'verb',
          'stage',
          'responseCode',
          'decision',
          'user',
          'sourceIPs',
          'userAgent',
          'object',
          'mitre',
          'matches',
          'related',
          'response',
          'source',
        ]),
      );
      expect(a.riskScore).toBeGreaterThanOrEqual(0);
      expect(a.riskScore).toBeLessThanOrEqual(100);
      expect(a.source.file).toBe(SAMPLE);
    }
    expect(stderr).toMatch(/cronwarden: \d+ alert\(s\)/);
  });

  it('is deterministic: same input, same ids and order', async () => {
    const a = await run([SAMPLE]);
    const b = await run([SAMPLE]);
    expect(b.stdout).toBe(a.stdout);
  });

  it('exits 1 under --fail-on when an alert at or above it exists, 0 otherwise', async () => {
    expect((await run([SAMPLE], { failOn: 'critical' })).code).toBe(1);
    const quiet = join(dir, 'quiet.jsonl');
    writeFileSync(
      quiet,
      `${JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: 'q', stage: 'ResponseComplete', verb: 'get', objectRef: { resource: 'configmaps' } })}\n`,
    );
    expect((await run([quiet], { failOn: 'low' })).code).toBe(0);
  });

  it('hides alerts below --min-severity and says how many', async () => {
    const all = await run([SAMPLE], { minSeverity: 'informational' });
    const high = await run([SAMPLE], { minSeverity: 'high' });
    expect(high.alerts.every((a) => a.severity === 'high' || a.severity === 'critical')).toBe(true);
    expect(all.alerts.length).toBeGreaterThan(high.alerts.length);
    expect(high.stderr).toMatch(/below --min-severity/);
  });

  it('reads gzip and reports bad lines with file:line while keeping the valid events', async () => {
    const lines = (await import('node:fs')).readFileSync(SAMPLE, 'utf8').split('\n');
    const broken = [lines[0], '{"truncated": ', lines.slice(1).join('\n')].join('\n');
    const gz = join(dir, 'sample.jsonl.gz');
    writeFileSync(gz, gzipSync(broken));
    const plain = await run([SAMPLE]);
    const { alerts, stderr, code } = await run([gz]);
    expect(code).toBe(0);
    expect(stderr).toContain(`${gz}:2: skipped:`);
    expect(alerts.map((a) => a.auditID)).toEqual(plain.alerts.map((a) => a.auditID));
  });

  it('exits 2 on an unreadable path but still scans the others', async () => {
    const { code, alerts, stderr } = await run([join(dir, 'missing.log'), SAMPLE]);
    expect(code).toBe(2);
    expect(alerts.length).toBeGreaterThan(0);
    expect(stderr).toContain('missing.log');
  });

  it('exits 2 with file:line and key path on a bad config', async () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(
      config,
      'exceptions:\n  - name: x\n    reason: y\n    match: {namespace: [ci]}\n',
    );
    const { code, stderr } = await run([SAMPLE], { config });
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:4:\d+: exceptions\[0\]\.match: .*namespace/);
  });

  it('reports an expired exception and does not apply it', async () => {
    const config = join(dir, 'expired.yaml');
    writeFileSync(
      config,
      'exceptions:\n  - name: old\n    reason: r\n    match: {namespaces: ["*"]}\n    expires: 2026-01-01\n',
    );
    const { stderr, alerts } = await run([SAMPLE], { config });
    expect(stderr).toMatch(/exception "old" expired on 2026-01-01/);
    expect(alerts.length).toBeGreaterThan(0);
  });

  it('needs some rules', async () => {
    expect((await run([SAMPLE], { builtinRules: false })).code).toBe(2);
  });

  it('prints readable blocks and a summary in text format, without colour off a terminal', async () => {
    const { stdout } = await run([SAMPLE], { format: 'text' });
    expect(stdout).toMatch(/^ CRITICAL {2}risk \d+ /m);
    expect(stdout).toContain('  respond');
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toMatch(/cronwarden: \d+ alert\(s\) \(/);
  });

  it('prints --stats as JSON with per-file details', async () => {
    const statsOf = async (opts: Partial<ScanOptions>) => {
      const { stderr } = await run([SAMPLE], { stats: true, ...opts });
      return (JSON.parse(stderr.slice(stderr.indexOf('{'))) as { stats: Record<string, unknown> })
        .stats;
    };
    const all = await statsOf({ prefilter: false });
    expect(all).toMatchObject({ events: 67, inputProblems: 0 });
    expect(all.prefilter).toEqual({ enabled: false, reason: '--no-prefilter' });
    expect(all.files).toMatchObject([{ file: SAMPLE, format: 'native', events: 67, lines: 67 }]);
    // The prefilter parses only what a rule could match, and says what it skipped.
    const filtered = await statsOf({});
    const [file] = filtered.files as { events: number; lines: number; skippedLines: number }[];
    expect(file!.lines).toBe(67);
    expect(file!.skippedLines).toBeGreaterThan(0);
    expect(file!.events + file!.skippedLines).toBe(67);
    expect(filtered.prefilter).toMatchObject({ enabled: true, lines: 67 });
    expect(filtered.alerts).toBe(all.alerts);
  });
});
