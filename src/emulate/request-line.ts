import type { ResponseStatus } from './audit-records.js';
import { groupVersionPath, isClusterScoped } from './resources.js';
import type { ScenarioStep } from './types.js';

// kubectl commands that send `fieldValidation=Strict` (those with a --validate flag; `kubectl
// patch`, `run` and `rollout` have none).
const VALIDATING_MANAGERS = new Set([
  'kubectl-create',
  'kubectl-client-side-apply',
  'kubectl-replace',
  'kubectl-edit',
  'kubectl',
]);

export function isKubectl(userAgent: string): boolean {
  return userAgent.startsWith('kubectl/');
}

/**
 * The field manager recorded in managedFields: the client's `fieldManager`, or else the user
 * agent up to its first slash, which is what the server falls back to.
 */
export function managerOf(step: ScenarioStep): string {
  return fieldManagerParam(step) ?? step.actor.userAgent.split('/')[0]!;
}

function fieldManagerParam(step: ScenarioStep): string | undefined {
  if (step.fieldManager === null) return undefined;
  if (step.fieldManager) return step.fieldManager;
  if (!isKubectl(step.actor.userAgent)) return undefined;
  switch (step.verb) {
    case 'create':
      return 'kubectl-create';
    case 'update':
      return 'kubectl-replace';
    case 'patch':
      return step.patch?.type === 'apply' ? 'kubectl' : 'kubectl-patch';
    default:
      return undefined;
  }
}

/** The path and query the client requested; Go encodes query parameters in key order. */
export function requestURI(step: ScenarioStep, name: string | undefined): string {
  let path = groupVersionPath(step.apiGroup, step.apiVersion);
  if (step.namespace && !isClusterScoped(step.resource)) path += `/namespaces/${step.namespace}`;
  path += `/${step.resource}`;
  const addressesObject = step.verb !== 'create' && step.verb !== 'list';
  if ((addressesObject || step.subresource) && name) path += `/${name}`;
  if (step.subresource) path += `/${step.subresource}`;
  const query = step.query ?? defaultQuery(step);
  return query ? `${path}?${query}` : path;
}

function defaultQuery(step: ScenarioStep): string {
  if (step.verb === 'list') return isKubectl(step.actor.userAgent) ? 'limit=500' : '';
  if (step.verb === 'get' || step.verb === 'delete') return '';
  const manager = fieldManagerParam(step);
  const params: [string, string][] = [];
  if (step.patch?.type === 'apply') {
    params.push(['fieldManager', manager ?? managerOf(step)]);
    if (isKubectl(step.actor.userAgent)) params.push(['fieldValidation', 'Strict']);
    params.push(['force', 'false']);
  } else if (manager) {
    params.push(['fieldManager', manager]);
    if (VALIDATING_MANAGERS.has(manager)) params.push(['fieldValidation', 'Strict']);
  }
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** `cronjobs.batch` / `pods`: how API errors name a resource. */
function qualifiedResource(step: ScenarioStep): string {
  return step.apiGroup ? `${step.resource}.${step.apiGroup}` : step.resource;
}

/** The 403 the authorizer returns; it names the identity the request acted as. */
export function rbacDenied(step: ScenarioStep, name: string | undefined): ResponseStatus {
  const actingAs = step.actor.impersonatedUser?.username ?? step.actor.username;
  const resource = step.subresource ? `${step.resource}/${step.subresource}` : step.resource;
  const target = name ? `${qualifiedResource(step)} "${name}"` : qualifiedResource(step);
  const scope = step.namespace ? ` in the namespace "${step.namespace}"` : ' at the cluster scope';
  return {
    metadata: {},
    status: 'Failure',
    message: `${target} is forbidden: User "${actingAs}" cannot ${step.verb} resource "${resource}" in API group "${step.apiGroup}"${scope}`,
    reason: 'Forbidden',
    details: details(step, name),
    code: 403,
  };
}

const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'AlreadyExists',
  422: 'Invalid',
};

/** A rejection by admission or validation, after the body was read. */
export function rejected(
  step: ScenarioStep,
  name: string | undefined,
  code: number,
): ResponseStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: step.admissionError ?? `${qualifiedResource(step)} "${name ?? ''}" was rejected`,
    reason: REASON_BY_CODE[code] ?? 'BadRequest',
    details: details(step, name),
    code,
  };
}

function details(step: ScenarioStep, name: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (name) out.name = name;
  if (step.apiGroup) out.group = step.apiGroup;
  out.kind = step.resource;
  return out;
}
