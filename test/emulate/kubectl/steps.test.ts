import { afterAll, describe, expect, it } from 'vitest';
import { scenarioById } from '../../../src/emulate/catalogue/index.js';
import { kubectlPlan, renderKubectlPlan, shQuote } from '../../../src/emulate/kubectl/index.js';
import { newWorkdir, removeWorkdirs, runStubbed } from './harness.js';

const dir = newWorkdir();
afterAll(removeWorkdirs);

/** The step's command line as the plan prints it, its comment, and the argv bash builds. */
function stepOf(id: string, index = 0) {
  const plan = kubectlPlan(scenarioById(id));
  const cmd = plan.commands.find((c) => c.step === index);
  if (!cmd) throw new Error(`${id}: no command for step ${index}`);
  const run = runStubbed(dir, cmd.command, { inline: true });
  expect(run.status).toBe(0);
  expect(run.calls).toHaveLength(1);
  return { plan, line: cmd.command, comment: cmd.comment ?? '', argv: run.calls[0]! };
}

const flagValues = (argv: string[], flag: string) =>
  argv.filter((a) => a.startsWith(`${flag}=`)).map((a) => a.slice(flag.length + 1));

describe('emulate --kubectl, step by step', () => {
  it('prints the seed kubectl create cronjob verbatim, sending the step’s container', () => {
    const { argv, line } = stepOf('seed-kubectl-create-cronjob');
    expect(line).toBe(
      `kubectl create cronjob example-cron --image=alpine --schedule="*/5 * * * *" -- /bin/sh -c "echo 'Hello from the Kubernetes cluster'"`,
    );
    expect(argv.slice(0, 5)).toEqual([
      'create',
      'cronjob',
      'example-cron',
      '--image=alpine',
      '--schedule=*/5 * * * *',
    ]);
    const step = scenarioById('seed-kubectl-create-cronjob').steps[0]!;
    const spec = step.object as { spec: { schedule: string; jobTemplate: unknown } };
    const container = (
      spec.spec.jobTemplate as {
        spec: { template: { spec: { containers: { command: string[] }[] } } };
      }
    ).spec.template.spec.containers[0]!;
    expect(argv.slice(argv.indexOf('--') + 1)).toEqual(container.command);
    expect(spec.spec.schedule).toBe('*/5 * * * *');
  });

  it('runs the Atomic test on batch/v1beta1 and says it needs a cluster older than 1.25', () => {
    const { plan } = stepOf('atomic-t1053-007-cronjob', 1);
    expect(plan.header.join('\n')).toMatch(
      /batch\/v1beta1 cronjobs was removed in Kubernetes 1\.25/,
    );
    expect(plan.header.join('\n')).toMatch(/v1\.24\.17/);
    expect(plan.manifests[0]!.object.apiVersion).toBe('batch/v1beta1');
    expect(stepOf('atomic-t1053-007-cronjob', 0).argv).toEqual([
      'get',
      'cronjobs.v1.batch',
      '-n',
      'default',
    ]);
    expect(stepOf('atomic-t1053-007-cronjob', 1).argv).toEqual([
      'create',
      '-f',
      'atomic-t1053-007-cronjob-2.yaml',
      '-n',
      'default',
    ]);
    expect(stepOf('atomic-t1053-007-cronjob', 2).argv).toEqual([
      'delete',
      'cronjobs.v1.batch',
      'art',
      '-n',
      'default',
    ]);
  });

  it('sends a JSON patch with --type json, quotes and redirections intact', () => {
    const { argv, line } = stepOf('rev-shell-ruby-json-patch-cronjob');
    expect(argv.slice(0, 5)).toEqual([
      'patch',
      'cronjobs.v1.batch',
      'invoice-export',
      '-n',
      'billing',
    ]);
    expect(argv[argv.indexOf('--type') + 1]).toBe('json');
    const body = JSON.parse(argv[argv.indexOf('-p') + 1]!);
    expect(body[1].value[3]).toContain('sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)');
    expect(line).toContain(`-p '[{"op":"replace"`);
  });

  it('sends a strategic patch as the stolen deployer token', () => {
    const { argv, comment } = stepOf('download-curl-pipe-sh-strategic-patch-cronjob');
    expect(argv[argv.indexOf('--type') + 1]).toBe('strategic');
    expect(flagValues(argv, '--as')).toEqual(['system:serviceaccount:web:web-deployer']);
    expect(flagValues(argv, '--as-group')).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:web',
    ]);
    expect(comment).toMatch(/real actor: system:serviceaccount:web:web-deployer/);
    expect(comment).toMatch(/web-deployer-runner-0/);
  });

  it('applies server-side with the step’s field manager and force', () => {
    expect(stepOf('download-chmod-exec-ssa-cronjob').argv.slice(0, 4)).toEqual([
      'apply',
      '--server-side',
      '-f',
      'download-chmod-exec-ssa-cronjob-1.yaml',
    ]);
    const argo = stepOf('argocd-ssa-deployment').argv;
    expect(argo).toContain('--field-manager=argocd-controller');
    expect(argo).toContain('--force-conflicts');
  });

  it('replaces for an update, after creating the object the step finds in place', () => {
    const { argv, plan } = stepOf('rev-shell-update-cronjob-replace');
    expect(argv).toEqual([
      'replace',
      '-f',
      'rev-shell-update-cronjob-replace-1.yaml',
      '-n',
      'reports',
    ]);
    const setup = plan.commands.find((c) => c.setup && c.manifest);
    expect(setup?.command).toMatch(
      /\|\| kubectl create -f rev-shell-update-cronjob-replace-setup-1\.yaml/,
    );
  });

  it('adds the ephemeral container with kubectl debug, which sends exactly that container', () => {
    const { argv } = stepOf('ephemeral-container-reverse-shell');
    const step = scenarioById('ephemeral-container-reverse-shell').steps[0]!;
    const sent = (step.patch!.body as { spec: { ephemeralContainers: Record<string, unknown>[] } })
      .spec.ephemeralContainers[0]!;
    expect(argv[0]).toBe('debug');
    expect(argv[1]).toBe(step.name);
    const flag = (f: string) => flagValues(argv, f)[0];
    expect({
      name: flag('--container'),
      image: flag('--image'),
      imagePullPolicy: flag('--image-pull-policy'),
      targetContainerName: flag('--target'),
      stdin: argv.includes('--stdin'),
      tty: argv.includes('--tty'),
      command: argv.slice(argv.indexOf('--') + 1),
      resources: {},
      terminationMessagePolicy: 'File',
    }).toEqual(sent);
    expect(argv).toContain('--attach=false');
    expect(argv).toContain('--profile=legacy');
  });

  it('impersonates like the original for an impersonated request', () => {
    const { argv, comment } = stepOf('impersonated-system-sa-privileged-pod');
    expect(argv[0]).toBe('apply');
    expect(flagValues(argv, '--as')).toEqual(['system:serviceaccount:kube-system:default']);
    expect(comment).toMatch(/oidc:j\.kowalski@acme-corp\.io .* impersonating/);
  });

  it('emulates an anonymous request and says what real anonymous access needs', () => {
    const { argv, comment, plan } = stepOf('anonymous-cronjob');
    expect(flagValues(argv, '--as')).toEqual(['system:anonymous']);
    expect(flagValues(argv, '--as-group')).toEqual([]);
    expect(comment).toMatch(/--anonymous-auth=true/);
    expect(plan.commands.some((c) => c.setup && /--user=system:anonymous/.test(c.command))).toBe(
      true,
    );
    expect(
      plan.cleanup.some((l) =>
        l.startsWith('kubectl delete clusterrolebinding cronwarden-anonymous-debug'),
      ),
    ).toBe(true);
  });

  it('lets expected denials fail without stopping the script', () => {
    for (const id of ['denied-cronjob-stolen-token', 'psa-rejected-privileged-pod']) {
      const { line, comment } = stepOf(id);
      expect(line.endsWith(' || true')).toBe(true);
      expect(comment).toMatch(/expected to be denied \(403\)/);
    }
    expect(
      stepOf('psa-rejected-privileged-pod').plan.commands.some((c) =>
        c.command.includes('pod-security.kubernetes.io/enforce=baseline'),
      ),
    ).toBe(true);
    // Nothing that should succeed is allowed to fail quietly.
    expect(stepOf('seed-reverse-shell-cronjob').line).not.toMatch(/\|\| true/);
  });

  it('keeps kubectl run’s own command line and scales with a GET and PUT', () => {
    expect(stepOf('rev-shell-ncat-exec-pod').argv).toContain('--restart=Never');
    expect(stepOf('hpa-scale-update').argv).toContain('--current-replicas=3');
    expect(stepOf('hpa-scale-update').argv).toContain('--replicas=6');
  });

  it('says controllers do the follow-ups, and warns about the payload addresses', () => {
    expect(stepOf('seed-reverse-shell-cronjob').comment).toMatch(
      /not commands: .*CronJob controller/,
    );
    const text = renderKubectlPlan([
      scenarioById('seed-reverse-shell-cronjob'),
      scenarioById('miner-xmrig-image-daemonset'),
    ]);
    expect(text).toMatch(/disposable test cluster/);
    expect(text).toMatch(/NOTHING HAS BEEN APPLIED/);
    expect(text).toMatch(/203\.0\.113\.47.*RFC 5737/s);
    expect(text).toMatch(/pool\.supportxmr\.com/);
  });

  it('quotes any string so that bash hands it back unchanged', () => {
    const nasty = [`it's`, '$(id)', '`id`', 'a >& b', '"q"', "'", '', 'x\ny', '\\'];
    const run = runStubbed(dir, `kubectl ${nasty.map(shQuote).join(' ')}`, { inline: true });
    expect(run.calls).toEqual([nasty]);
  });
});
