/**
 * A rule field path, split once at compile time. Because Kubernetes keys contain dots
 * (`authorization.k8s.io/decision`), every run of consecutive segments is also tried as a
 * single key; the joined keys are precomputed here so evaluation never splits or joins strings.
 */
import type { LeafSink } from './context.js';

export class FieldPath {
  readonly segments: readonly string[];
  /** keys[i][j - i] = segments[i..j] joined with '.' */
  readonly #keys: readonly (readonly string[])[];

  constructor(readonly text: string) {
    this.segments = text.split('.');
    this.#keys = this.segments.map((_, i) =>
      this.segments.slice(i).map((__, k) => this.segments.slice(i, i + k + 1).join('.')),
    );
  }

  /**
   * Appends every value the path reaches to `out` (arrays fan out; a final array yields its
   * elements). Returns true when some branch of the path is absent (or reaches an empty array).
   */
  resolve(root: unknown, out: LeafSink, rootHasDottedKeys = true): boolean {
    return this.#walk(root, 0, out, rootHasDottedKeys);
  }

  /** `joins`: whether keys of `node` may contain dots (false skips the joined-key probes). */
  #walk(node: unknown, i: number, out: LeafSink, joins = true): boolean {
    if (i === this.segments.length) return pushLeaves(node, out);
    if (Array.isArray(node)) {
      if (node.length === 0) return true;
      let missing = false;
      for (const el of node) if (this.#walk(el, i, out)) missing = true;
      return missing;
    }
    if (node === null || typeof node !== 'object') return true;
    const keys = this.#keys[i]!;
    let found = false;
    let missing = false;
    const tries = joins ? keys.length : 1;
    for (let k = 0; k < tries; k++) {
      const key = keys[k]!;
      if (Object.hasOwn(node, key)) {
        found = true;
        if (this.#walk((node as Record<string, unknown>)[key], i + k + 1, out)) missing = true;
      }
    }
    return missing || !found;
  }
}

function pushLeaves(value: unknown, out: LeafSink): boolean {
  if (!Array.isArray(value)) {
    out.push(value);
    return false;
  }
  if (value.length === 0) return true;
  let missing = false;
  for (const el of value) if (pushLeaves(el, out)) missing = true;
  return missing;
}

/** Every string value anywhere in the event (not keys), for keyword searches. */
export function collectStrings(node: unknown, out: LeafSink): void {
  if (typeof node === 'string') {
    out.push(node);
  } else if (Array.isArray(node)) {
    for (const el of node) collectStrings(el, out);
  } else if (node !== null && typeof node === 'object') {
    for (const key in node) {
      if (Object.hasOwn(node, key)) collectStrings((node as Record<string, unknown>)[key], out);
    }
  }
}

/** Whether any own key of `node` contains a dot (then joined keys must be probed). */
export function hasDottedKey(node: unknown): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  for (const key in node) if (key.includes('.') && Object.hasOwn(node, key)) return true;
  return false;
}
