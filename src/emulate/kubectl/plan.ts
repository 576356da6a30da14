import { dig, isRecord, str, type JsonObject } from '../json.js';
import { applyPatch } from '../patches.js';
import { isClusterScoped, kindOf } from '../resources.js';
import type { Scenario, ScenarioStep } from '../types.js';
import { nameOf, resourceArg, stepCommand } from './commands.js';
import { emulationOf } from './identity.js';
import { setupManifest, toYaml } from './manifests.js';
import { shJoin } from './quote.js';
import { grantsFor } from './rbac.js';
import { headerOf } from './header.js';

export interface PlanManifest {
  file: string;
  yaml: string;
  /** What the YAML holds, for checks; the step's manifest, or a setup object. */
  object: JsonObject;
  /** Index of the step that sends it; absent for setup objects. */
  step?: number;
}

export interface PlanCommand {
  comment?: string;
  command: string;
  /** File written (by heredoc) just before this command. */
  manifest?: string;
  step?: number;
  setup?: boolean;
}

export interface KubectlPlan {
  id: string;
  header: string[];
  manifests: PlanManifest[];
  commands: PlanCommand[];
  /** Shell lines, most recent object first; lines starting with `#` are advice. */
  cleanup: string[];
}

const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

const keyOf = (step: ScenarioStep, name: string | undefined) =>
  `${step.resource}/${step.namespace ?? ''}/${name ?? ''}`;

function followUpNote(step: ScenarioStep): string {
  const kind = kindOf(step.resource);
  const what =
    kind === 'CronJob'
      ? 'at each schedule tick the CronJob controller creates a Job and the Job controller its Pods'
      : kind === 'Job'
        ? 'the Job controller creates its Pods'
        : kind === 'Deployment'
          ? 'the Deployment controller rolls a ReplicaSet, which creates Pods'
          : `the ${kind} controller creates Pods`;
  return `not commands: ${what} (${step.followUps} controller writes in the recorded log); the cluster does them — watch with kubectl get jobs,pods${step.namespace ? ` -n ${step.namespace}` : ''}`;
}

function deniedNote(step: ScenarioStep): string | undefined {
  const code = step.responseCode ?? 0;
  if (code < 400) return undefined;
  if (step.admissionError) return `expected to be denied (${code}): ${step.admissionError}`;
  const who = emulationOf(step).actingAs?.username ?? step.actor.username;
  return `expected to be denied (${code}): no binding lets ${who} ${step.verb} ${step.resource}${step.namespace ? ` in ${step.namespace}` : ''}`;
}

function created(step: ScenarioStep, name: string | undefined, file: string): string[] {
  const ns = step.namespace && !isClusterScoped(step.resource) ? ['-n', step.namespace] : [];
  if (name)
    return [`${shJoin(['kubectl', 'delete', resourceArg(step), name, ...ns])} --ignore-not-found`];
  const saved = `${file}.name`;
  return [
    `if [ -s ${shJoin([saved])} ]; then kubectl delete "$(cat ${shJoin([saved])})" ${shJoin(ns)} --ignore-not-found; fi`,
  ];
}

/** Everything needed to run one scenario against a test cluster, and to undo it. */
export function kubectlPlan(scenario: Scenario): KubectlPlan {
  const manifests: PlanManifest[] = [];
  const commands: PlanCommand[] = [];
  const cleanup: string[] = [];
  const files: string[] = [];
  const known = new Map<string, JsonObject>();
  const addManifest = (file: string, object: JsonObject, step?: number) => {
    manifests.push({ file, yaml: toYaml(object), object, ...(step === undefined ? {} : { step }) });
    files.push(file);
  };

  const createsNamespace = new Set(
    scenario.steps.filter((s) => s.verb === 'create' && s.resource === 'namespaces').map(nameOf),
  );
  const namespaces = new Set<string>();
  for (const step of scenario.steps) {
    const ns = step.namespace ?? str(dig(step.existing, 'metadata', 'namespace'));
    if (ns && !BUILT_IN_NAMESPACES.has(ns) && !createsNamespace.has(ns)) namespaces.add(ns);
  }
  for (const ns of namespaces)
    commands.push({
      setup: true,
      command: `kubectl get namespace ${shJoin([ns])} >/dev/null 2>&1 || kubectl create namespace ${shJoin([ns])}`,
    });

  const [level, version] = (scenario.podSecurityEnforce ?? 'privileged').split(':');
  const psaNamespace = scenario.steps.find((s) => s.resource === 'pods')?.namespace;
  if (level !== 'privileged' && psaNamespace) {
    commands.push({
      setup: true,
      comment: `the recorded namespace enforces Pod Security "${scenario.podSecurityEnforce}"`,
      command: shJoin([
        'kubectl',
        'label',
        'namespace',
        psaNamespace,
        `pod-security.kubernetes.io/enforce=${level}`,
        ...(version ? [`pod-security.kubernetes.io/enforce-version=${version}`] : []),
        '--overwrite',
      ]),
    });
  }

  const grants = grantsFor(scenario);
  for (const grant of grants)
    grant.commands.forEach((command, i) =>
      commands.push({ setup: true, command, ...(i === 0 ? { comment: grant.comment } : {}) }),
    );

  const setupCleanup: string[] = [];
  scenario.steps.forEach((step, i) => {
    const name = nameOf(step);
    const key = keyOf(step, name);
    if (!isRecord(step.existing) || known.has(key)) return;
    const { object, dropped } = setupManifest(step.existing);
    known.set(key, object);
    const file = `${scenario.id}-setup-${known.size}.yaml`;
    addManifest(file, object);
    const ns = step.namespace ? ['-n', step.namespace] : [];
    const note = [`the object step ${i + 1} finds in place: created only if missing`];
    if (dropped.length)
      note.push(`without ${dropped.join(', ')}, which point at things a test cluster lacks`);
    commands.push({
      setup: true,
      manifest: file,
      comment: note.join('\n'),
      command: `${shJoin(['kubectl', 'get', resourceArg(step), name ?? '', ...ns, '-o', 'name'])} >/dev/null 2>&1 || ${shJoin(['kubectl', 'create', '-f', file, ...ns])}`,
    });
    setupCleanup.unshift(
      step.namespace === 'kube-system'
        ? `# left in place: kube-system/${name ?? ''} may be the cluster's own`
        : `${shJoin(['kubectl', 'delete', resourceArg(step), name ?? '', ...ns])} --ignore-not-found`,
    );
  });

  const stepCleanup: string[] = [];
  scenario.steps.forEach((step, i) => {
    const name = nameOf(step);
    const key = keyOf(step, name);
    const previous = known.get(key) ?? null;
    const file = `${scenario.id}-${i + 1}.yaml`;
    const rendered = stepCommand(step, previous, file);
    const notes = [
      `step ${i + 1}/${scenario.steps.length}: ${step.verb} ${step.resource}${step.subresource ? `/${step.subresource}` : ''} ${step.namespace ?? ''}${step.namespace ? '/' : ''}${name ?? (step.verb === 'list' ? '' : '(generated name)')}`,
    ];
    notes.push(...rendered.notes);
    const denied = deniedNote(step);
    const unknownRead = step.verb === 'get' && !previous;
    if (denied) notes.push(denied);
    if (unknownRead)
      notes.push(
        'reads an object the scenario assumes exists: a 404 on a test cluster unless you create it',
      );
    if (step.namespace === 'kube-system' && previous && step.verb !== 'get')
      notes.push(
        `overwrites the cluster's own kube-system/${name ?? ''} if it has one; its owner rewrites it at the next renewal`,
      );
    if (step.followUps) notes.push(followUpNote(step));
    if (rendered.manifest) addManifest(rendered.manifest.file, rendered.manifest.object, i);
    let command = rendered.command;
    const creates = step.verb === 'create' || (step.patch?.type === 'apply' && !previous);
    if (creates && !name) {
      command += ` -o name | tee ${shJoin([`${file}.name`])}`;
      files.push(`${file}.name`);
    }
    if (denied || unknownRead) command += ' || true';
    commands.push({
      step: i,
      comment: notes.join('\n'),
      command,
      ...(rendered.manifest ? { manifest: rendered.manifest.file } : {}),
    });
    if (creates) stepCleanup.unshift(...created(step, name, file));
    if (denied) return;
    const body = step.patch?.body;
    if (step.verb === 'delete') known.delete(key);
    else if (rendered.manifest) known.set(key, rendered.manifest.object);
    else if (step.patch && step.patch.type !== 'apply')
      known.set(key, applyPatch(step.patch.type, previous, body));
    else if (isRecord(step.object) && step.verb === 'create') known.set(key, step.object);
  });

  cleanup.unshift(...stepCleanup, ...setupCleanup);
  for (const grant of [...grants].reverse()) cleanup.push(...grant.cleanup);
  if (level !== 'privileged' && psaNamespace)
    cleanup.push(
      shJoin([
        'kubectl',
        'label',
        'namespace',
        psaNamespace,
        'pod-security.kubernetes.io/enforce-',
        'pod-security.kubernetes.io/enforce-version-',
      ]),
    );
  if (namespaces.size)
    cleanup.push(
      `# left in place: namespace${namespaces.size > 1 ? 's' : ''} ${[...namespaces].join(', ')}; delete ${namespaces.size > 1 ? 'them' : 'it'} if this script created ${namespaces.size > 1 ? 'them' : 'it'}`,
    );
  if (files.length) cleanup.push(shJoin(['rm', '-f', ...files]));
  return { id: scenario.id, header: headerOf(scenario), manifests, commands, cleanup };
}
