/**
 * A JSON Patch (RFC 6902) without the object it patched, turned into the partial object its
 * `add`/`replace`/`copy`-less operations describe: `{"op":"add","path":"/spec/template/spec/
 * containers/0/command","value":[…]}` becomes `{spec:{template:{spec:{containers:[{command:
 * […]}]}}}}`. Rules can then read the new values at the same paths as in a full object.
 * `remove`, `move`, `copy` and `test` add nothing an attacker controls, so they are skipped.
 */
export function partialObjectFromJsonPatch(ops: readonly unknown[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const op of ops.slice(0, MAX_OPERATIONS)) {
    if (op === null || typeof op !== 'object') continue;
    const { op: kind, path, value } = op as { op?: unknown; path?: unknown; value?: unknown };
    if ((kind !== 'add' && kind !== 'replace') || typeof path !== 'string') continue;
    const segments = parsePointer(path);
    if (segments === null) continue;
    if (segments.length === 0) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        Object.assign(root, value);
      continue;
    }
    setAt(root, segments, value);
  }
  return root;
}

// A patch with more operations than this is not something a person or controller writes.
const MAX_OPERATIONS = 10_000;
const MAX_INDEX = 1_000;

function parsePointer(path: string): string[] | null {
  if (path === '') return [];
  if (!path.startsWith('/')) return null;
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function setAt(root: Record<string, unknown>, segments: string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    const nextIsIndex = !last && isIndex(segments[i + 1]!);
    if (Array.isArray(node)) {
      // `-` appends; an index beyond the end is where the value lands in the real object,
      // but only its presence matters here, so it is appended too.
      const index = segment === '-' ? node.length : Number(segment);
      if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) return;
      const slot = Math.min(index, node.length);
      if (last) {
        node[slot] = value;
        return;
      }
      node = descend(node, slot, nextIsIndex);
    } else {
      if (segment === '__proto__') return;
      if (last) {
        node[segment] = value;
        return;
      }
      node = descend(node, segment, nextIsIndex);
    }
  }
}

function descend(
  parent: Record<string, unknown> | unknown[],
  key: string | number,
  wantArray: boolean,
): Record<string, unknown> | unknown[] {
  const existing = (parent as Record<string | number, unknown>)[key];
  if (existing !== null && typeof existing === 'object') {
    return existing as Record<string, unknown> | unknown[];
  }
  const created: Record<string, unknown> | unknown[] = wantArray ? [] : {};
  (parent as Record<string | number, unknown>)[key] = created;
  return created;
}

function isIndex(segment: string): boolean {
  return segment === '-' || /^\d{1,9}$/.test(segment);
}
