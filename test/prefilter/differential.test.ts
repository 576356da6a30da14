import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scan, type ScanOptions } from '../../src/cli/commands/scan.js';
import { buildAuditEvents, goJson, SCENARIOS } from '../../src/emulate/index.js';
import { recordingIo } from '../cli/io.js';
import { COMPARABLE_SCAN } from '../helpers/scan-options.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const base: ScanOptions = { ...COMPARABLE_SCAN, workers: 1 };

async function alerts(paths: string[], prefilter: boolean): Promise<{ out: string; err: string }> {
  const io = recordingIo();
  const code = await scan(paths, { ...base, prefilter, stats: true }, io);
  expect(code, io.stderr()).toBeLessThan(2);
  return { out: io.stdout(), err: io.stderr() };
}

function skipped(stderr: string): number {
  const stats = JSON.parse(stderr.slice(stderr.indexOf('{'))) as {
    stats: { prefilter: { skippedLines?: number } };
  };
  return stats.stats.prefilter.skippedLines ?? 0;
}

/** Escapes every `every`-th letter inside the line's JSON strings (the events are unchanged). */
function escapeSome(line: string, every: number): string {
  let n = 0;
  const inString = (str: string): string =>
    // Existing escapes are kept whole; only plain letters are rewritten.
    str.replace(/\\(?:u[0-9a-fA-F]{4}|.)|[a-zA-Z]/g, (c) =>
      c.length === 1 && ++n % every === 0
        ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
        : c,
    );
  return line.replace(/"(?:[^"\\]|\\.)*"/g, inString);
}

describe('scan with and without the prefilter', () => {
  const fixtures = [
    join(ROOT, 'examples/audit-log.jsonl'),
    join(ROOT, 'test/fixtures/audit/cluster-sample.jsonl'),
    ...readdirSync(join(ROOT, 'test/fixtures/inputs')).map((f) =>
      join(ROOT, 'test/fixtures/inputs', f),
    ),
  ];

  it.each(fixtures.map((f) => [f.slice(ROOT.length)]))(
    'gives identical alerts on %s',
    async (f) => {
      const path = join(ROOT, f);
      const [on, off] = [await alerts([path], true), await alerts([path], false)];
      expect(on.out).toEqual(off.out);
    },
  );

  it('gives identical alerts on the whole emulation catalogue, also Go-escaped', async () => {
    const { dir } = tempFiles('cw-prefilter-');
    const lines = buildAuditEvents(SCENARIOS).map((e) => goJson(e));
    const plain = join(dir, 'catalogue.jsonl');
    writeFileSync(plain, `${lines.join('\n')}\n`);
    const mangled = join(dir, 'escaped.jsonl');
    writeFileSync(mangled, `${lines.map((l, i) => escapeSome(l, 3 + (i % 7))).join('\n')}\n`);
    for (const path of [plain, mangled]) {
      const [on, off] = [await alerts([path], true), await alerts([path], false)];
      expect(on.out.split('\n').length).toBeGreaterThan(40);
      expect(on.out).toEqual(off.out);
    }
  });

  it('skips most lines of a log that is mostly reads', async () => {
    const { dir } = tempFiles('cw-prefilter-');
    const read = (i: number): string =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/default/configmaps/app',
        verb: 'get',
        user: { username: 'alice@example.com', groups: ['oidc:dev'] },
        objectRef: { resource: 'configmaps', namespace: 'default', name: 'app' },
        responseStatus: { code: 200 },
      });
    const attacks = buildAuditEvents(SCENARIOS.slice(0, 5)).map((e) => goJson(e));
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++)
      lines.push(i % 100 === 0 ? attacks[(i / 100) % attacks.length]! : read(i));
    const path = join(dir, 'reads.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const [on, off] = [await alerts([path], true), await alerts([path], false)];
    expect(on.out).toEqual(off.out);
    expect(skipped(on.err)).toBeGreaterThan(4900);
  });
});
