import { tempFiles } from '../helpers/temp-files.js';
import { elasticRuleToml } from '../helpers/elastic-rule.js';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alert/types.js';
import { REFERENCE_EQL_QUERY } from '../../src/cli/builtin.js';
import { scan, type ScanOptions } from '../../src/cli/commands/scan.js';
import { buildAuditEvents } from '../../src/emulate/build-events.js';
import { scenarioById } from '../../src/emulate/catalogue/index.js';
import { renderJsonl } from '../../src/emulate/render.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';
import { recordingIo } from './io.js';

const { file } = tempFiles('cw-scan-eql-');
const BASE: ScanOptions = {
  format: 'json',
  minSeverity: 'informational',
  builtinRules: false,
  inputFormat: 'auto',
  maxErrors: 20,
  progress: false,
  now: new Date('2026-11-22T12:00:00Z'),
};
async function run(paths: string[], opts: Partial<ScanOptions>) {
  const io = recordingIo();
  const code = await scan(paths, { ...BASE, ...opts }, io);
  const alerts = io
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);
  return { code, alerts, stderr: io.stderr() };
}

const SEEDS = [
  'seed-reverse-shell-cronjob',
  'seed-cryptominer-cronjob',
  'ci-integration-tests-job',
];
const log = file('seeds.jsonl', renderJsonl(buildAuditEvents(SEEDS.map(scenarioById))));

describe('cronwarden scan --eql', () => {
  it('raises EQL matches as alerts in the scan format, once per request', async () => {
    const { code, alerts } = await run([log], { eql: [REFERENCE_EQL_QUERY], eqlDialect: 'search' });
    expect(code).toBe(0);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.matches).toEqual([
        expect.objectContaining({
          language: 'eql',
          ruleId: 'reference',
          title: 'reference',
          level: 'medium',
        }),
      ]);
      expect(a.matches[0]!.evidence.length).toBeGreaterThan(0);
      expect(a.stage).toBe('ResponseComplete');
    }
    // Elasticsearch would flag both stages and every controller-created Job; scan links those.
    const creates = alerts.filter((a) => a.verb === 'create' && a.object.resource === 'cronjobs');
    expect(creates.map((a) => a.object.name).sort()).toEqual(
      ['argus-test-cronjob', 'argus-test-cryptominer'].sort(),
    );
    expect(creates.every((a) => a.relatedCount > 0)).toBe(true);
  });

  it('merges EQL and Sigma matches of the same request into one alert', async () => {
    const { alerts } = await run([log], {
      builtinRules: true,
      eql: [REFERENCE_EQL_QUERY],
      eqlDialect: 'search',
    });
    const shell = alerts.find(
      (a) => a.object.name === 'argus-test-cronjob' && a.verb === 'create',
    )!;
    expect(shell.severity).toBe('critical');
    expect(shell.matches.some((m) => m.language === 'eql')).toBe(true);
    expect(shell.matches.some((m) => m.language === undefined)).toBe(true);
  });

  it('in the elastic dialect the reference query only finds hostPath, and says why', async () => {
    const { alerts, stderr } = await run([log], { eql: [REFERENCE_EQL_QUERY] });
    expect(alerts).toEqual([]);
    expect(stderr).toMatch(
      /reference\.eql:8:20: warning EQL_REGEX_NEVER_MATCHES \[reference, elastic dialect\]/,
    );
  });

  it('grades with a TOML rule’s severity and ATT&CK mapping, and honours tuning exceptions', async () => {
    const toml = file(
      'miner.toml',
      elasticRuleToml({
        name: 'CronJob downloads and runs a binary',
        ruleId: 'eql-download-run',
        severity: 'high',
        query:
          'any where kubernetes.audit.objectRef.resource == "cronjobs" and kubernetes.audit.verb == "create"\n  and message : "*chmod +x*"',
        tactic: { id: 'TA0002', name: 'Execution' },
      }),
    );
    const { alerts } = await run([log], { eql: [toml] });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'high',
      object: { name: 'argus-test-cryptominer' },
      mitre: { tactics: ['Execution'], techniques: ['T1053', 'T1053.007'] },
    });
    expect(alerts[0]!.matches[0]!.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'message', value: expect.stringContaining('chmod +x') }),
      ]),
    );
    const config = file(
      'config.yaml',
      'exceptions:\n  - name: lab\n    reason: the lab namespace runs this on purpose\n    rules: [eql-download-run]\n    match:\n      namespaces: [default]\n',
    );
    const tuned = await run([log], { eql: [toml], config, stats: true });
    expect(tuned.alerts).toEqual([]);
    expect(tuned.stderr).toMatch(/"lab": 1/);
  });

  it('correlates with a sequence: an RBAC grant, then a CronJob by the same user', async () => {
    const at = (s: number) =>
      new Date(Date.UTC(2026, 10, 2, 9, 0, s)).toISOString().replace('Z', '000Z');
    const event = (
      auditID: string,
      s: number,
      user: string,
      resource: string,
      name: string,
    ): AuditEvent => ({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID,
      stage: 'ResponseComplete',
      verb: 'create',
      user: { username: user, groups: ['system:authenticated'] },
      objectRef: {
        resource,
        name,
        namespace: 'default',
        apiGroup: resource === 'cronjobs' ? 'batch' : 'rbac.authorization.k8s.io',
      },
      responseStatus: { code: 201 },
      requestReceivedTimestamp: at(s),
      stageTimestamp: at(s),
    });
    const events = [
      event('grant-1', 0, 'mallory', 'rolebindings', 'edit-all'),
      event('cron-other', 30, 'alice', 'cronjobs', 'report'),
      event('cron-1', 60, 'mallory', 'cronjobs', 'backdoor'),
      event('grant-late', 100, 'bob', 'rolebindings', 'x'),
      event('cron-late', 2000, 'bob', 'cronjobs', 'y'),
    ];
    const log2 = file('rbac.jsonl', renderJsonl(events));
    const seq = file(
      'grant-then-cronjob.eql',
      `sequence by user.name with maxspan=10m
  [any where kubernetes.audit.objectRef.resource in ("rolebindings", "clusterrolebindings") and event.action == "create"]
  [any where kubernetes.audit.objectRef.resource == "cronjobs" and event.action == "create"]
`,
    );
    const { alerts, code } = await run([log2], { eql: [seq] });
    expect(code).toBe(0);
    expect(alerts.map((a) => a.auditID)).toEqual(['cron-1']);
    expect(alerts[0]!.matches[0]!.evidence).toEqual(
      expect.arrayContaining([
        {
          field: 'sequence.step1',
          value: expect.stringMatching(/^grant-1 create rolebindings default\/edit-all by mallory/),
        },
      ]),
    );
  });

  it('reports query errors with file:line:column and refuses them under --strict', async () => {
    const bad = file('bad.eql', 'any where kubernetes.audit.verb = "create"');
    const lax = await run([log], { eql: [bad], builtinRules: true });
    expect(lax.code).toBe(0);
    expect(lax.stderr).toMatch(/bad\.eql:1:33: error E_EQL_SYNTAX \[bad, elastic dialect\]: /);
    expect(lax.alerts.length).toBeGreaterThan(0);
    expect((await run([log], { eql: [bad], builtinRules: true, strict: true })).code).toBe(2);
    expect((await run([log], { eql: [bad] })).stderr).toContain('no rule or query loaded');
  });

  it('keeps the Sigma alerts of an event an EQL query cannot evaluate, and says why', async () => {
    // 20,000 nested objects parse fine but overflow the stack when re-encoded for `message`.
    const deep = `${'{"x":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const [create] = buildAuditEvents([scenarioById('seed-reverse-shell-cronjob')]).filter(
      (e) => e.verb === 'create' && e.stage === 'ResponseComplete',
    );
    const line = JSON.stringify(create).replace('"spec":{', `"deep":${deep},"spec":{`);
    const hostile = file('hostile.jsonl', `${line}\n`);
    const sigmaOnly = await run([hostile], { builtinRules: true });
    const both = await run([hostile], {
      builtinRules: true,
      eql: [REFERENCE_EQL_QUERY],
      eqlDialect: 'search',
    });
    expect(sigmaOnly.alerts.map((a) => a.severity)).toEqual(['critical']);
    expect(both.alerts.map((a) => [a.auditID, a.severity])).toEqual(
      sigmaOnly.alerts.map((a) => [a.auditID, a.severity]),
    );
    expect(both.stderr).toMatch(
      /hostile\.jsonl:1: not fully evaluated: EQL query reference \(search dialect\) could not evaluate this event: /,
    );
  });
});
