import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/emulate/catalogue/index.js';
import { withLastApplied } from '../../src/emulate/catalogue/manifests.js';
import {
  kubectlPlan,
  renderKubectlPlan,
  type KubectlPlan,
} from '../../src/emulate/kubectl/index.js';
import type { ScenarioStep } from '../../src/emulate/types.js';
import { bashSyntaxErrors, newWorkdir, removeWorkdirs, runStubbed } from './kubectl/harness.js';

const WRITES = new Set(['create', 'update', 'patch', 'delete']);
const script = renderKubectlPlan(SCENARIOS);
const plans = new Map<string, KubectlPlan>(SCENARIOS.map((s) => [s.id, kubectlPlan(s)]));
const planOf = (id: string) => plans.get(id)!;

/** What bash passed to kubectl for each step command, by scenario id and step index. */
const argvByStep = new Map<string, string[]>();
let workdir = '';
let runCalls: string[][] = [];
let cleanupCalls: string[][] = [];

afterAll(removeWorkdirs);

beforeAll(() => {
  workdir = newWorkdir();
  const run = runStubbed(workdir, script, {
    args: ['run'],
    env: { CRONWARDEN_TEST_CLUSTER: 'yes' },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  runCalls = run.calls;
  for (const [id, plan] of plans)
    for (const cmd of plan.commands) {
      if (cmd.step === undefined) continue;
      const { calls, status } = runStubbed(workdir, cmd.command, { inline: true });
      expect(status).toBe(0);
      expect(calls).toHaveLength(1);
      argvByStep.set(`${id}#${cmd.step}`, calls[0]!);
    }
});

const argv = (id: string, step = 0) => {
  const found = argvByStep.get(`${id}#${step}`);
  if (!found) throw new Error(`no command for ${id} step ${step}`);
  return found;
};
const fileYaml = (file: string) =>
  parse(readFileSync(join(workdir, file), 'utf8'), { version: '1.1' });
const valueOf = (args: string[], flag: string) =>
  args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1) ??
  args[args.indexOf(flag) + 1];

/** The manifest the step sends, as the step states it. */
function sentObject(step: ScenarioStep): unknown {
  if (step.verb === 'patch') return step.patch?.body;
  return step.object;
}

describe('emulate --kubectl, whole catalogue', () => {
  it('renders every scenario with a header and a run/cleanup block', () => {
    expect(SCENARIOS.length).toBeGreaterThan(50);
    for (const scenario of SCENARIOS) {
      expect(script).toContain(`# ${scenario.id}: ${scenario.title}`);
      expect(planOf(scenario.id).commands.some((c) => c.step !== undefined)).toBe(true);
    }
    expect(script.match(/^if \[ "\$mode" = run \]; then$/gm)).toHaveLength(SCENARIOS.length);
  });

  it('is a syntactically valid bash script', () => {
    expect(bashSyntaxErrors(script)).toBe('');
    expect(bashSyntaxErrors('if then fi')).not.toBe('');
  });

  it('refuses to run without the test-cluster guard', () => {
    const dir = newWorkdir();
    const run = runStubbed(dir, script, { args: ['run'] });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/disposable test cluster/);
    expect(run.calls.every((c) => c[0] === 'config')).toBe(true);
  });

  it('gives every step a kubectl command, writes with a write subcommand', () => {
    const subcommands = new Set([
      'create',
      'apply',
      'replace',
      'patch',
      'delete',
      'scale',
      'debug',
      'run',
      'rollout',
    ]);
    let writes = 0;
    for (const scenario of SCENARIOS)
      scenario.steps.forEach((step, i) => {
        const args = argv(scenario.id, i);
        // Global flags (--as=…) may precede the subcommand; they always carry their value.
        const sub = args.find((a) => !a.startsWith('-'));
        if (WRITES.has(step.verb)) {
          writes++;
          expect(subcommands.has(sub!), `${scenario.id} #${i}: ${args.join(' ')}`).toBe(true);
        } else expect(args[0]).toBe('get');
      });
    expect(writes).toBeGreaterThan(70);
  });

  it('writes every manifest heredoc so that it parses back into what the step sends', () => {
    let checked = 0;
    for (const scenario of SCENARIOS)
      for (const m of planOf(scenario.id).manifests) {
        const onDisk = fileYaml(m.file);
        expect(onDisk).toEqual(m.object);
        // The default (YAML 1.2) reading agrees: nothing depends on the 1.1-only quoting.
        expect(parse(readFileSync(join(workdir, m.file), 'utf8'))).toEqual(m.object);
        if (m.step === undefined) continue;
        const step = scenario.steps[m.step]!;
        if (step.verb === 'update') {
          expect(onDisk.spec).toEqual((step.object as { spec: unknown }).spec);
          expect(onDisk.metadata.name).toBe(step.name);
        } else if (step.fieldManager === 'kubectl-client-side-apply')
          expect(withLastApplied(onDisk)).toEqual(step.object);
        else expect(onDisk).toEqual(sentObject(step));
        checked++;
      }
    expect(checked).toBeGreaterThan(60);
  });

  it('passes every patch body to kubectl byte for byte', () => {
    let checked = 0;
    for (const scenario of SCENARIOS)
      scenario.steps.forEach((step, i) => {
        if (!step.patch || step.patch.type === 'apply' || step.kubectl) return;
        const args = argv(scenario.id, i);
        if (args[0] === 'debug') return;
        expect(args[args.indexOf('-p') + 1]).toBe(JSON.stringify(step.patch.body));
        expect(valueOf(args, '--type')).toBe(step.patch.type);
        checked++;
      });
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('cleans up every object a scenario created, in reverse order, and its files', () => {
    const dir = workdir;
    const cleanup = runStubbed(dir, script, {
      args: ['cleanup'],
      env: { CRONWARDEN_TEST_CLUSTER: 'yes' },
    });
    expect(cleanup.status).toBe(0);
    cleanupCalls = cleanup.calls;
    const deletes = cleanupCalls.filter((c) => c[0] === 'delete');
    let created = 0;
    for (const scenario of SCENARIOS) {
      const plan = planOf(scenario.id);
      const lines = plan.cleanup.filter(
        (l) => l.startsWith('kubectl delete') || l.startsWith('if '),
      );
      const order: number[] = [];
      scenario.steps.forEach((step, i) => {
        const creates = step.verb === 'create' || (step.patch?.type === 'apply' && !step.existing);
        if (!creates) return;
        created++;
        const name = step.name ?? (step.object as { metadata?: { name?: string } }).metadata?.name;
        const target = name ?? 'pod/stub-generated';
        const at = lines.findIndex((l) =>
          name ? l.includes(` ${name} `) : l.includes(`${scenario.id}-${i + 1}.yaml.name`),
        );
        expect(at, `${scenario.id} #${i}`).toBeGreaterThanOrEqual(0);
        expect(deletes.some((d) => d.includes(target) && d.includes('--ignore-not-found'))).toBe(
          true,
        );
        order.push(at);
      });
      expect(order).toEqual([...order].sort((a, b) => b - a));
    }
    expect(created).toBeGreaterThan(60);
    for (const plan of plans.values())
      for (const m of plan.manifests) expect(() => readFileSync(join(dir, m.file))).toThrow();
    expect(runCalls.length).toBeGreaterThan(cleanupCalls.length / 2);
  });
});
