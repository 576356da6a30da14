import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchEvents } from '../../src/cli/commands/match.js';
import { capture } from './capture.js';

const RULE = `title: CronJob created
id: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
level: medium
logsource: {product: kubernetes, service: audit}
detection:
  selection:
    verb: create
    objectRef.resource: cronjobs
  condition: selection
`;

describe('match inputs', () => {
  it('reads export formats like scan, still evaluates plain JSON, and exits 2 for an unreadable path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-match-in-'));
    writeFileSync(join(dir, 'rule.yml'), RULE);
    const plain = join(dir, 'plain.jsonl');
    writeFileSync(
      plain,
      '{"verb":"create","objectRef":{"resource":"cronjobs"},"auditID":"plain"}\n',
    );
    const missing = join(dir, 'missing.log');
    const { result, stdout, stderr } = await capture(() =>
      matchEvents(['test/fixtures/inputs/gke-logging-read.json', missing, plain], {
        rules: [join(dir, 'rule.yml')],
        maxErrors: 20,
      }),
    );
    const matches = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; path?: string; auditID?: string });
    expect(matches.map((m) => [m.path, m.auditID])).toEqual([
      ['$[0]', '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'],
      [undefined, 'plain'],
    ]);
    expect(stderr).toContain(`${missing}: cannot read: ENOENT: no such file or directory`);
    expect(stderr).toContain(
      'gke-logging-read.json:1 $[2]: skipped: Cloud audit log entry of service container.googleapis.com',
    );
    expect(result).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });
});
