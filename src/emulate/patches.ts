import { clone, isRecord, type JsonObject } from './json.js';
import type { PatchType } from './types.js';

/**
 * Lists a strategic-merge patch merges element by element, and the key that identifies an
 * element; every other list is replaced whole, as in a JSON merge patch.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  hostAliases: 'ip',
};

/**
 * The object a patch leaves behind. Server-side apply onto an existing object is approximated
 * by a strategic merge (field ownership, which would drop fields the manager no longer sets, is
 * not modelled).
 */
export function applyPatch(type: PatchType, current: JsonObject | null, body: unknown): JsonObject {
  const base = current ? clone(current) : {};
  switch (type) {
    case 'json':
      return applyJsonPatch(base, body);
    case 'merge':
      return asObject(mergePatch(base, body));
    case 'strategic':
      return asObject(strategicMerge(base, body));
    case 'apply':
      return current ? asObject(strategicMerge(base, body)) : asObject(clone(body));
  }
}

function applyJsonPatch(target: JsonObject, body: unknown): JsonObject {
  if (!Array.isArray(body)) throw new Error('a JSON Patch body must be an array of operations');
  let doc: unknown = target;
  for (const op of body) {
    if (!isRecord(op) || typeof op.path !== 'string') throw new Error('malformed JSON Patch op');
    switch (op.op) {
      case 'add':
      case 'replace':
        doc = setAt(doc, pointer(op.path), clone(op.value), op.op === 'add');
        break;
      case 'remove':
        doc = removeAt(doc, pointer(op.path));
        break;
      case 'copy':
      case 'move': {
        if (typeof op.from !== 'string') throw new Error(`${op.op} without from`);
        const value = clone(getAt(doc, pointer(op.from)));
        if (op.op === 'move') doc = removeAt(doc, pointer(op.from));
        doc = setAt(doc, pointer(op.path), value, true);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, pointer(op.path))) !== JSON.stringify(op.value))
          throw new Error(`JSON Patch test failed at ${op.path}`);
        break;
      default:
        throw new Error(`unknown JSON Patch op ${String(op.op)}`);
    }
  }
  return asObject(doc);
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`bad JSON pointer ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: unknown, path: string[]): unknown {
  let at = doc;
  for (const key of path) {
    if (Array.isArray(at)) at = at[Number(key)];
    else if (isRecord(at)) at = at[key];
    else throw new Error(`path /${path.join('/')} does not exist`);
  }
  return at;
}

function setAt(doc: unknown, path: string[], value: unknown, insert: boolean): unknown {
  if (path.length === 0) return value;
  const parent = getAt(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (insert) parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isRecord(parent)) {
    if (!insert && !(key in parent)) throw new Error(`replace of missing /${path.join('/')}`);
    parent[key] = value;
  } else throw new Error(`cannot set /${path.join('/')}`);
  return doc;
}

function removeAt(doc: unknown, path: string[]): unknown {
  const parent = getAt(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (isRecord(parent)) delete parent[key];
  return doc;
}

/** RFC 7386: objects merge, null removes, anything else (lists included) replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: JsonObject = isRecord(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return clone(rest);
  }
  const out: JsonObject = isRecord(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    // Ordering and retain-keys directives only steer how the server merges; nothing to store.
    if (key.startsWith('$setElementOrder/') || key === '$retainKeys' || key === '$patch') continue;
    if (value === null) delete out[key];
    else if (Array.isArray(value) && MERGE_KEYS[key] && Array.isArray(out[key]))
      out[key] = mergeList(out[key] as unknown[], value, MERGE_KEYS[key]);
    else out[key] = strategicMerge(out[key], value);
  }
  return out;
}

function mergeList(current: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  const out = [...current];
  for (const item of patch) {
    if (!isRecord(item)) continue;
    const index = out.findIndex((e) => isRecord(e) && e[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) out[index] = strategicMerge(out[index], item);
    else out.push(clone(item));
  }
  return out;
}

function asObject(value: unknown): JsonObject {
  if (!isRecord(value)) throw new Error('a patch must leave an object behind');
  return value;
}
