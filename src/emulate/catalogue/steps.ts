import type { JsonObject } from '../json.js';
import { RESOURCE_BY_KIND } from '../resources.js';
import type { Actor, PatchType, ScenarioStep } from '../types.js';
import { withLastApplied } from './manifests.js';

export interface Target {
  resource: string;
  apiGroup: string;
  apiVersion: string;
  namespace?: string;
  name?: string;
}

/** Where a manifest goes: resource from its kind, group and version from its apiVersion. */
export function targetOf(manifest: JsonObject, namespace?: string): Target {
  const [group, version] = String(manifest.apiVersion).includes('/')
    ? String(manifest.apiVersion).split('/')
    : ['', String(manifest.apiVersion)];
  const meta = (manifest.metadata ?? {}) as JsonObject;
  const target: Target = {
    resource: RESOURCE_BY_KIND[String(manifest.kind)] ?? String(manifest.kind).toLowerCase() + 's',
    apiGroup: group!,
    apiVersion: version!,
  };
  const ns = namespace ?? (typeof meta.namespace === 'string' ? meta.namespace : undefined);
  if (ns) target.namespace = ns;
  if (typeof meta.name === 'string') target.name = meta.name;
  return target;
}

type Extra = Partial<ScenarioStep>;

/** `kubectl create -f`, `kubectl run`, a controller or any client POSTing the manifest. */
export function create(actor: Actor, manifest: JsonObject, extra: Extra = {}): ScenarioStep {
  const { name: _name, ...target } = targetOf(manifest, extra.namespace);
  return { actor, verb: 'create', ...target, object: manifest, ...extra };
}

/** `kubectl apply` of an object that does not exist yet: a create carrying last-applied. */
export function applyClientSide(
  actor: Actor,
  manifest: JsonObject,
  extra: Extra = {},
): ScenarioStep {
  return create(actor, withLastApplied(manifest), {
    fieldManager: 'kubectl-client-side-apply',
    ...extra,
  });
}

/** GET-modify-PUT of `existing`, with `change` (spec, labels, annotations) applied. */
export function update(
  actor: Actor,
  existing: JsonObject,
  change: JsonObject,
  extra: Extra = {},
): ScenarioStep {
  return { actor, verb: 'update', ...targetOf(existing), existing, object: change, ...extra };
}

/** A patch of `existing` (an object the cluster already had), or of one an earlier step made. */
export function patch(
  actor: Actor,
  target: JsonObject,
  type: PatchType,
  body: unknown,
  extra: Extra = {},
): ScenarioStep {
  const existing = extra.existing === undefined && type !== 'apply' ? { existing: target } : {};
  return {
    actor,
    verb: 'patch',
    ...targetOf(target),
    ...existing,
    patch: { type, body },
    ...extra,
  };
}

export function list(
  actor: Actor,
  resource: string,
  apiGroup: string,
  apiVersion: string,
  namespace?: string,
): ScenarioStep {
  return {
    actor,
    verb: 'list',
    resource,
    apiGroup,
    apiVersion,
    ...(namespace ? { namespace } : {}),
  };
}

export function get(actor: Actor, target: Target, extra: Extra = {}): ScenarioStep {
  return { actor, verb: 'get', ...target, ...extra };
}
