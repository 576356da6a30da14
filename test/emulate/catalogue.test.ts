import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/alert/types.js';
import { buildAuditEvents } from '../../src/emulate/build-events.js';
import { SCENARIOS, scenarioById } from '../../src/emulate/catalogue/index.js';
import type { ScenarioStep } from '../../src/emulate/types.js';

const attacks = SCENARIOS.filter((s) => s.kind === 'attack');
const benign = SCENARIOS.filter((s) => s.kind === 'benign');
const attackSteps = attacks.flatMap((s) => s.steps);
const isWrite = (step: ScenarioStep) => ['create', 'update', 'patch'].includes(step.verb);

describe('scenario catalogue', () => {
  it('has stable kebab-case ids, each used once', () => {
    const ids = SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has at least 30 attacks and 25 benign scenarios', () => {
    expect(attacks.length).toBeGreaterThanOrEqual(30);
    expect(benign.length).toBeGreaterThanOrEqual(25);
  });

  it('states the expected outcome: a floor for attacks, a ceiling for benign traffic', () => {
    for (const s of attacks) {
      expect(SEVERITIES, s.id).toContain(s.expect.minSeverity);
      expect(s.evasionClass, s.id).toBeTruthy();
    }
    for (const s of benign) expect(SEVERITIES, s.id).toContain(s.expect.maxSeverity);
  });

  it('spreads attacks over every workload kind', () => {
    const kinds = new Set(attackSteps.filter(isWrite).map((s) => s.resource));
    for (const resource of [
      'cronjobs',
      'jobs',
      'pods',
      'deployments',
      'daemonsets',
      'statefulsets',
      'replicasets',
      'replicationcontrollers',
    ])
      expect(kinds, resource).toContain(resource);
  });

  it('spreads attacks over every verb and patch type', () => {
    const verbs = new Set(attackSteps.map((s) => s.verb));
    for (const verb of ['create', 'update', 'patch']) expect(verbs).toContain(verb);
    const patches = new Set(attackSteps.flatMap((s) => (s.patch ? [s.patch.type] : [])));
    for (const type of ['json', 'merge', 'strategic', 'apply']) expect(patches).toContain(type);
    const patchSteps = attackSteps.filter((s) => s.verb === 'patch');
    expect(patchSteps.some((s) => s.level === 'Request')).toBe(true);
    expect(patchSteps.some((s) => s.level === undefined && s.patch?.type !== 'apply')).toBe(true);
    expect(attackSteps.some((s) => s.subresource === 'ephemeralcontainers')).toBe(true);
    expect(attackSteps.some((s) => s.responseCode === 403 && !s.admissionError)).toBe(true);
  });

  it('lets controllers act on the attacks that start workloads', () => {
    const withFollowUps = attacks.filter((s) => s.steps.some((step) => (step.followUps ?? 0) > 0));
    expect(withFollowUps.length).toBeGreaterThanOrEqual(25);
    const cronJobWrites = attackSteps.filter(
      (s) => s.resource === 'cronjobs' && isWrite(s) && !s.subresource,
    );
    for (const step of cronJobWrites.filter((s) => s.responseCode === undefined))
      expect(step.followUps, JSON.stringify(step.object ?? step.patch).slice(0, 80)).toBe(2);
  });

  it('builds every scenario on its own, with a valid main step', () => {
    for (const s of SCENARIOS) {
      expect(buildAuditEvents([s]).length, s.id).toBeGreaterThan(0);
      const main = s.mainStep ?? s.steps.findIndex(isWrite);
      if (s.kind === 'attack') expect(s.steps[main], s.id).toBeDefined();
    }
  });

  it('never creates the same object in two scenarios, so follow-up linking stays unambiguous', () => {
    const seen = new Map<string, string>();
    for (const s of SCENARIOS) {
      for (const step of s.steps) {
        if (step.verb !== 'create' && step.patch?.type !== 'apply') continue;
        const name = step.name ?? (step.object as { metadata?: { name?: string } })?.metadata?.name;
        if (!name) continue;
        const key = `${step.resource}/${step.namespace}/${name}`;
        expect(seen.get(key), `${key} in ${s.id}`).toBeUndefined();
        seen.set(key, s.id);
      }
    }
  });

  it('keeps the seed tests as described', () => {
    const [shell] = scenarioById('seed-reverse-shell-cronjob').steps;
    expect(shell).toMatchObject({ verb: 'create', resource: 'cronjobs', namespace: 'default' });
    expect(JSON.stringify(shell!.object)).toMatch(
      /"name":"argus-test-cronjob".*alpine:latest.*"command":\["\/bin\/sh","-c"\],"args":\["nc /,
    );
    const [job] = scenarioById('seed-privileged-job-hostpath-etc').steps;
    expect(JSON.stringify(job!.object)).toMatch(
      /"path":"\/etc".*busybox:latest.*"privileged":true/,
    );
    const [socket] = scenarioById('seed-docker-socket-cronjob').steps;
    expect(JSON.stringify(socket!.object)).toMatch(/"\*\/5 \* \* \* \*".*\/var\/run\/docker\.sock/);
    const [miner] = scenarioById('seed-cryptominer-cronjob').steps;
    expect(JSON.stringify(miner!.object)).toMatch(/ubuntu:20\.04.*curl .*chmod \+x/);
    const atomic = scenarioById('atomic-t1053-007-cronjob').steps[1]!;
    expect(atomic).toMatchObject({ apiVersion: 'v1beta1', resource: 'cronjobs' });
    expect(JSON.stringify(atomic.object)).toContain('Hello from Atomic Red Team');
  });
});
