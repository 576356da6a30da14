export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Scenario manifests are shared module data; every write works on a copy. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The object at `key`, created empty when missing. */
export function child(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isRecord(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

export function records(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Walks `path` through nested objects; undefined when any level is missing. */
export function dig(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}
