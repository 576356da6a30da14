import { dig, isRecord, str, type JsonObject } from '../json.js';
import { managerOf } from '../request-line.js';
import { groupVersionPath, isClusterScoped } from '../resources.js';
import type { ScenarioStep } from '../types.js';
import { debugArgs } from './debug.js';
import { emulationOf } from './identity.js';
import { updateManifest, withoutLastApplied } from './manifests.js';
import { shJoin, shQuote } from './quote.js';

/** One step as a command line, with the manifest it reads and what to say about it. */
export interface StepCommand {
  notes: string[];
  manifest?: { file: string; object: JsonObject };
  command: string;
}

// kubectl's own field manager per command, so --field-manager appears only where it differs.
const DEFAULT_MANAGER = {
  create: 'kubectl-create',
  apply: 'kubectl-client-side-apply',
  replace: 'kubectl-replace',
  patch: 'kubectl-patch',
  serverSide: 'kubectl',
};

/** `cronjobs.v1beta1.batch`: pins the version the step used, not the server's preferred one. */
export function resourceArg(step: ScenarioStep): string {
  return step.apiGroup ? `${step.resource}.${step.apiVersion}.${step.apiGroup}` : step.resource;
}

export function nameOf(step: ScenarioStep): string | undefined {
  return (
    step.name ??
    str(dig(step.object, 'metadata', 'name')) ??
    str(dig(step.patch?.body, 'metadata', 'name'))
  );
}

/** Flags go before a `--`, after which everything is the container's command. */
function withFlags(args: string[], flags: string[]): string[] {
  const at = args.indexOf('--');
  return at < 0 ? [...args, ...flags] : [...args.slice(0, at), ...flags, ...args.slice(at)];
}

function managerFlag(step: ScenarioStep, kubectlDefault: string): string[] {
  const manager = managerOf(step);
  return manager === kubectlDefault ? [] : [`--field-manager=${manager}`];
}

/** client-go turns a client timeout into `?timeout=`, which is how leases are renewed. */
function queryFlags(step: ScenarioStep, notes: string[]): string[] {
  if (!step.query) return [];
  const timeout = /(?:^|&)timeout=([0-9]+[smh])(?:&|$)/.exec(step.query)?.[1];
  if (step.query !== `timeout=${timeout}`)
    notes.push(`the original query was ?${step.query}; kubectl sends its own`);
  return timeout ? [`--request-timeout=${timeout}`] : [];
}

/**
 * The command for step `index`. `previous` is the object as this scenario last wrote (or set
 * up) it; `file` names the manifest.
 */
export function stepCommand(
  step: ScenarioStep,
  previous: JsonObject | null,
  file: string,
): StepCommand {
  const notes: string[] = [];
  const emulation = emulationOf(step);
  notes.push(...emulation.notes);
  const ns = step.namespace && !isClusterScoped(step.resource) ? ['-n', step.namespace] : [];
  const flags = [...ns, ...emulation.flags, ...queryFlags(step, notes)];
  const name = nameOf(step) ?? '';
  const res = resourceArg(step);
  if (step.kubectl) {
    // The recorded command line is printed as written; only identity flags are added, before
    // the subcommand, where kubectl reads them as global flags.
    if (step.namespace && !/(^|\s)(-n|--namespace)(=|\s)/.test(step.kubectl.split(' -- ')[0]!))
      notes.push(
        `runs in your kubeconfig's current namespace (the log shows ${step.namespace}); an explicit -n would also put the namespace into the body`,
      );
    const rest = step.kubectl.replace(/^kubectl\s+/, '');
    const global = emulation.flags.length ? `${shJoin(emulation.flags)} ` : '';
    return { notes, command: `kubectl ${global}${rest}` };
  }
  switch (step.verb) {
    case 'create': {
      const manager = managerOf(step);
      if (manager === DEFAULT_MANAGER.apply) {
        const object = withoutLastApplied(isRecord(step.object) ? step.object : {});
        notes.push('kubectl apply adds the last-applied-configuration annotation itself');
        return {
          notes,
          manifest: { file, object },
          command: shJoin(['kubectl', 'apply', '-f', file, ...flags]),
        };
      }
      if (!step.actor.userAgent.startsWith('kubectl/'))
        notes.push(`the real client was ${step.actor.userAgent.split(' ')[0]}, not kubectl`);
      if (step.actor.username === 'system:anonymous')
        notes.push(
          `the real request, with no credentials: curl -k -X POST -H 'Content-Type: application/yaml' --data-binary @${file} "$APISERVER${groupVersionPath(step.apiGroup, step.apiVersion)}${ns.length ? `/namespaces/${step.namespace}` : ''}/${step.resource}"`,
        );
      return {
        notes,
        manifest: { file, object: isRecord(step.object) ? step.object : {} },
        command: shJoin([
          'kubectl',
          'create',
          '-f',
          file,
          ...flags,
          ...managerFlag(step, DEFAULT_MANAGER.create),
        ]),
      };
    }
    case 'update': {
      if (step.subresource === 'scale') {
        const from = dig(previous, 'spec', 'replicas') ?? 1;
        const to = dig(step.object, 'spec', 'replicas');
        notes.push(
          '--current-replicas makes kubectl scale GET and PUT the scale (without it, PATCH)',
        );
        return {
          notes,
          command: shJoin([
            'kubectl',
            'scale',
            res,
            name,
            `--current-replicas=${String(from)}`,
            `--replicas=${String(to)}`,
            ...flags,
          ]),
        };
      }
      const object = updateManifest(step, previous ?? {});
      if (step.subresource === 'ephemeralcontainers') {
        notes.push('kubectl replace has no --subresource=ephemeralcontainers; --raw PUTs the file');
        const path = `${groupVersionPath(step.apiGroup, step.apiVersion)}/namespaces/${step.namespace ?? ''}/pods/${name}/ephemeralcontainers`;
        return {
          notes,
          manifest: { file, object },
          command: shJoin(['kubectl', 'replace', '--raw', path, '-f', file, ...emulation.flags]),
        };
      }
      const sub = step.subresource ? [`--subresource=${step.subresource}`] : [];
      return {
        notes,
        manifest: { file, object },
        command: shJoin([
          'kubectl',
          'replace',
          '-f',
          file,
          ...sub,
          ...flags,
          ...managerFlag(step, DEFAULT_MANAGER.replace),
        ]),
      };
    }
    case 'patch':
      return patchCommand(step, file, flags, notes);
    case 'delete':
      return { notes, command: shJoin(['kubectl', 'delete', res, name, ...flags]) };
    case 'get':
      // -o name: the same GET, without printing a Secret's data or asking for a Table.
      return { notes, command: shJoin(['kubectl', 'get', res, name, '-o', 'name', ...flags]) };
    case 'list':
      if (!ns.length && !isClusterScoped(step.resource)) flags.push('--all-namespaces');
      return { notes, command: shJoin(['kubectl', 'get', res, ...flags]) };
  }
}

function patchCommand(
  step: ScenarioStep,
  file: string,
  flags: string[],
  notes: string[],
): StepCommand {
  const patch = step.patch!;
  const name = nameOf(step) ?? '';
  if (patch.type === 'apply') {
    const force = /(^|&)force=true(&|$)/.test(step.query ?? '') ? ['--force-conflicts'] : [];
    return {
      notes,
      manifest: { file, object: isRecord(patch.body) ? patch.body : {} },
      command: shJoin([
        'kubectl',
        'apply',
        '--server-side',
        '-f',
        file,
        ...flags,
        ...managerFlag(step, DEFAULT_MANAGER.serverSide),
        ...force,
      ]),
    };
  }
  const body = JSON.stringify(patch.body);
  if (step.subresource === 'ephemeralcontainers') {
    const debug = debugArgs(step);
    if (debug) {
      notes.push(
        'kubectl debug GETs the pod, then sends this strategic merge patch of pods/ephemeralcontainers; --profile=legacy keeps newer kubectl from adding a securityContext',
      );
      return { notes, command: shJoin(['kubectl', ...withFlags(debug, flags)]) };
    }
    // kubectl patch only knows --subresource=status|scale, so the PATCH goes through a proxy.
    notes.push(
      'kubectl cannot PATCH pods/ephemeralcontainers (only kubectl debug can), so curl sends it through kubectl proxy',
    );
    const path = `${groupVersionPath(step.apiGroup, step.apiVersion)}/namespaces/${step.namespace ?? ''}/pods/${name}/ephemeralcontainers`;
    const proxy = shJoin([
      'kubectl',
      'proxy',
      '--port=8001',
      ...flags.filter((f) => f.startsWith('--as')),
    ]);
    const curl = shJoin([
      'curl',
      '-sS',
      '-X',
      'PATCH',
      '-H',
      `Content-Type: application/${patch.type === 'json' ? 'json-patch' : patch.type === 'merge' ? 'merge-patch' : 'strategic-merge-patch'}+json`,
      '--data-binary',
      body,
      `http://127.0.0.1:8001${path}`,
    ]);
    return { notes, command: `${proxy} & proxy=$!; sleep 2; ${curl}; kill "$proxy"` };
  }
  const sub = step.subresource ? [`--subresource=${step.subresource}`] : [];
  return {
    notes,
    command: `${shJoin([
      'kubectl',
      'patch',
      resourceArg(step),
      name,
      ...flags,
      ...sub,
      '--type',
      patch.type,
      ...managerFlag(step, DEFAULT_MANAGER.patch),
    ])} -p ${shQuote(body)}`,
  };
}
