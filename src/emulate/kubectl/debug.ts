import { isRecord, type JsonObject } from '../json.js';
import { isKubectl } from '../request-line.js';
import type { ScenarioStep } from '../types.js';

// What `kubectl debug --profile=legacy` writes into the container it adds; anything else in the
// body means some other client built the patch.
const DEBUG_FIELDS = new Set([
  'name',
  'image',
  'command',
  'args',
  'imagePullPolicy',
  'resources',
  'stdin',
  'tty',
  'targetContainerName',
  'terminationMessagePolicy',
]);

function onlyContainer(body: unknown): JsonObject | null {
  if (!isRecord(body) || Object.keys(body).length !== 1 || !isRecord(body.spec)) return null;
  const spec = body.spec;
  const list = spec.ephemeralContainers;
  if (Object.keys(spec).length !== 1 || !Array.isArray(list) || list.length !== 1) return null;
  return isRecord(list[0]) ? list[0] : null;
}

const strings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * The `kubectl debug` arguments that send exactly this step: a strategic merge patch of
 * pods/ephemeralcontainers with no field manager, holding the one container kubectl builds.
 * null when the step is not something kubectl debug would send.
 */
export function debugArgs(step: ScenarioStep): string[] | null {
  if (step.verb !== 'patch' || step.subresource !== 'ephemeralcontainers') return null;
  if (step.patch?.type !== 'strategic' || step.fieldManager !== null) return null;
  if (!isKubectl(step.actor.userAgent) || !step.name) return null;
  const c = onlyContainer(step.patch.body);
  if (!c || Object.keys(c).some((k) => !DEBUG_FIELDS.has(k))) return null;
  if (typeof c.name !== 'string' || typeof c.image !== 'string') return null;
  if (c.terminationMessagePolicy !== 'File') return null;
  if (!isRecord(c.resources) || Object.keys(c.resources).length > 0) return null;
  if (c.tty === true && c.stdin !== true) return null; // kubectl refuses -t without -i
  if (c.command !== undefined && c.args !== undefined) return null;
  const args = [
    'debug',
    step.name,
    '--profile=legacy',
    `--image=${c.image}`,
    `--container=${c.name}`,
  ];
  if (typeof c.targetContainerName === 'string') args.push(`--target=${c.targetContainerName}`);
  if (typeof c.imagePullPolicy === 'string') args.push(`--image-pull-policy=${c.imagePullPolicy}`);
  if (c.stdin === true) args.push('--stdin');
  if (c.tty === true) args.push('--tty');
  // -i would attach to the payload and block the script; --attach=false keeps stdin in the body.
  if (c.stdin === true) args.push('--attach=false');
  if (strings(c.command)) args.push('--', ...c.command);
  else if (strings(c.args)) args.push('--arguments-only', '--', ...c.args);
  else if (c.command !== undefined || c.args !== undefined) return null;
  return args;
}
