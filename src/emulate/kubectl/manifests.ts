import { stringify } from 'yaml';
import { child, clone, dig, isRecord, type JsonObject } from '../json.js';
import { groupVersion } from '../resources.js';
import type { ScenarioStep } from '../types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * YAML as kubectl reads it: sigs.k8s.io/yaml follows YAML 1.1, where `on`, `yes` or `1:20` are
 * not strings, so the 1.1 schema decides what must be quoted. No line folding: payloads stay
 * on one line, as they were written.
 */
export function toYaml(object: unknown): string {
  return stringify(object, { version: '1.1', lineWidth: 0, minContentWidth: 0 });
}

/**
 * The file `kubectl apply` was given: what it sent, minus the last-applied annotation it adds
 * itself (and the annotations map, if that annotation was all it held).
 */
export function withoutLastApplied(manifest: JsonObject): JsonObject {
  const out = clone(manifest);
  const annotations = dig(out, 'metadata', 'annotations');
  if (!isRecord(annotations) || !(LAST_APPLIED in annotations)) return out;
  delete annotations[LAST_APPLIED];
  if (Object.keys(annotations).length === 0) delete child(out, 'metadata').annotations;
  return out;
}

/** Server-set fields a manifest for a fresh cluster must not carry. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation'];

/**
 * An object the scenario assumes the cluster already had, as a manifest a test cluster accepts.
 * Owner references name owners (by uid) the test cluster does not have, so the garbage collector
 * would delete the object at once; a node name binds a pod to a node that does not exist.
 */
export function setupManifest(existing: JsonObject): { object: JsonObject; dropped: string[] } {
  const object = clone(existing);
  const dropped: string[] = [];
  const metadata = child(object, 'metadata');
  for (const key of [...SERVER_METADATA, 'managedFields', 'ownerReferences', 'generateName']) {
    if (key in metadata) {
      delete metadata[key];
      if (!SERVER_METADATA.includes(key)) dropped.push(`metadata.${key}`);
    }
  }
  if ('status' in object) delete object.status;
  if (object.kind === 'Pod' && isRecord(object.spec) && 'nodeName' in object.spec) {
    delete object.spec.nodeName;
    dropped.push('spec.nodeName');
  }
  return { object, dropped };
}

/**
 * What `kubectl replace -f` PUTs for an update: the object as last read with the step's change
 * (spec and labels/annotations; `status` for /status; the ephemeral containers for theirs) — the
 * same reading of `object` as the builder's.
 */
export function updateManifest(step: ScenarioStep, previous: JsonObject): JsonObject {
  const request = clone(previous);
  request.apiVersion = groupVersion(step.apiGroup, step.apiVersion);
  const change = isRecord(step.object) ? step.object : null;
  if (!change) return request;
  if (step.subresource === 'status') request.status = clone(change.status);
  else if (step.subresource === 'ephemeralcontainers')
    child(request, 'spec').ephemeralContainers = clone(dig(change, 'spec', 'ephemeralContainers'));
  else {
    for (const [k, v] of Object.entries(change))
      if (k !== 'metadata' && k !== 'status') request[k] = clone(v);
    const metadata = child(request, 'metadata');
    for (const k of ['labels', 'annotations'] as const) {
      const value = dig(change, 'metadata', k);
      if (value !== undefined) metadata[k] = clone(value);
    }
  }
  return request;
}
