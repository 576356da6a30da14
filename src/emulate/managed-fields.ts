import { isRecord, type JsonObject } from './json.js';

/** List elements are keyed the way structured-merge-diff keys them in fieldsV1. */
const ELEMENT_KEYS: Record<string, readonly string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  env: ['name'],
  imagePullSecrets: ['name'],
  volumeMounts: ['mountPath'],
  ports: ['containerPort', 'protocol'],
  ownerReferences: ['uid'],
};

/**
 * Struct-valued fields that are not pointers: their fieldsV1 node has no "." entry of its own.
 * Maps, pointers and list elements do, which is how managedFields shows that the manager owns
 * the container object itself, not just its children.
 */
const VALUE_STRUCTS = new Set([
  'metadata',
  'spec',
  'template',
  'jobTemplate',
  'strategy',
  'updateStrategy',
  'resources',
]);

/** Server-owned or identity fields no manager is recorded for. */
const UNOWNED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
]);

/** Atomic structs: owned as a whole, so fieldsV1 stops at them. */
const ATOMIC = new Set(['selector', 'affinity', 'tolerations', 'command', 'args', 'finalizers']);

/**
 * The fieldsV1 set of the fields an object sets, as recorded for the manager that wrote it.
 * `only` limits it to one top-level field (`status` for a status subresource write).
 */
export function fieldsV1(object: JsonObject, only?: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === 'kind' || key === 'apiVersion') continue;
    if (only ? key !== only : key === 'status') continue;
    const node = key === 'metadata' ? metadataFields(value) : fieldNode(key, value, 1);
    if (node !== null) out[`f:${key}`] = node;
  }
  return sortedDeep(out);
}

// structured-merge-diff serializes a set in key order: "." first, then f:, k:, v: entries.
function sortedDeep(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(node).sort()) {
    const value = node[key];
    out[key] = isRecord(value) ? sortedDeep(value) : value;
  }
  return out;
}

function metadataFields(metadata: unknown): JsonObject | null {
  if (!isRecord(metadata)) return null;
  const owned: JsonObject = {};
  for (const [k, v] of Object.entries(metadata)) if (!UNOWNED_METADATA.has(k)) owned[k] = v;
  const node = fieldNode('metadata', owned, 1);
  return node && Object.keys(node).length > 0 ? node : null;
}

function fieldNode(key: string, value: unknown, depth: number): JsonObject | null {
  if (value === null || value === undefined) return null;
  if (key === 'finalizers' && Array.isArray(value)) {
    const set: JsonObject = { '.': {} };
    for (const v of value) set[`v:${JSON.stringify(v)}`] = {};
    return set;
  }
  if (ATOMIC.has(key) || !isRecord(value)) {
    if (Array.isArray(value) && ELEMENT_KEYS[key]) return listNode(key, value, depth);
    return {};
  }
  if (key === 'metadata' && depth > 1) return metadataFields(value);
  const node: JsonObject = {};
  const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
  if (entries.length === 0) return {};
  if (depth > 1 && !VALUE_STRUCTS.has(key)) node['.'] = {};
  for (const [k, v] of entries) {
    const child = fieldNode(k, v, depth + 1);
    if (child !== null) node[`f:${k}`] = child;
  }
  return node;
}

function listNode(key: string, list: unknown[], depth: number): JsonObject {
  const node: JsonObject = { '.': {} };
  const keyFields = ELEMENT_KEYS[key]!;
  for (const element of list) {
    if (!isRecord(element)) continue;
    const id: JsonObject = {};
    for (const k of keyFields) if (element[k] !== undefined) id[k] = element[k];
    const elementNode: JsonObject = { '.': {} };
    if (key !== 'ownerReferences') {
      for (const [k, v] of Object.entries(element)) {
        const child = fieldNode(k, v, depth + 2);
        if (child !== null) elementNode[`f:${k}`] = child;
      }
    }
    node[`k:${JSON.stringify(id)}`] = key === 'ownerReferences' ? {} : elementNode;
  }
  return node;
}

/**
 * The part of `after` that differs from `before`: what an Update records for its manager.
 * Keyed list elements are compared element by element and keep their key fields.
 */
export function changedFields(before: unknown, after: unknown, key = ''): unknown {
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  if (isRecord(before) && isRecord(after)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(after)) {
      const changed = changedFields(before[k], v, k);
      if (changed !== undefined) out[k] = changed;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const keyFields = ELEMENT_KEYS[key];
  if (keyFields && Array.isArray(before) && Array.isArray(after)) {
    const out: JsonObject[] = [];
    for (const element of after) {
      if (!isRecord(element)) continue;
      const match = before.find((b) => isRecord(b) && keyFields.every((f) => b[f] === element[f]));
      const changed = changedFields(match, element);
      if (changed === undefined) continue;
      const id: JsonObject = {};
      for (const f of keyFields) if (element[f] !== undefined) id[f] = element[f];
      out.push({ ...id, ...(isRecord(changed) ? changed : {}) });
    }
    return out.length > 0 ? out : undefined;
  }
  return after;
}
