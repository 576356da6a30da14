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
      // Nested arrays are flattened without recursion: event nesting is attacker-controlled,
      // while recursion through #walk is bounded by the number of path segments.
      if (node.length === 0) return true;
      let missing = false;
      if (!node.some(Array.isArray)) {
        for (let k = 0; k < node.length; k++) if (this.#walk(node[k], i, out, true)) missing = true;
        return missing;
      }
      forEachElement(
        node,
        (el) => {
          if (this.#walk(el, i, out, true)) missing = true;
        },
        () => (missing = true),
      );
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
  if (!value.some(Array.isArray)) {
    for (let k = 0; k < value.length; k++) out.push(value[k]);
    return false;
  }
  let missing = false;
  forEachElement(
    value,
    (el) => out.push(el),
    () => (missing = true),
  );
  return missing;
}

/**
 * Visits the non-array elements of a (possibly nested) array in order, with an explicit stack;
 * `onEmpty` is called for every empty array met, which counts as an absent value.
 */
function forEachElement(array: unknown[], visit: (el: unknown) => void, onEmpty: () => void): void {
  const stack: { arr: unknown[]; i: number }[] = [{ arr: array, i: 0 }];
  if (array.length === 0) onEmpty();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.arr.length) {
      stack.pop();
      continue;
    }
    const el = top.arr[top.i++];
    if (Array.isArray(el)) {
      if (el.length === 0) onEmpty();
      else stack.push({ arr: el, i: 0 });
    } else {
      visit(el);
    }
  }
}

/** Every string value anywhere in the event (not keys), for keyword searches; no recursion. */
export function collectStrings(root: unknown, out: LeafSink): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      out.push(node);
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push((node as Record<string, unknown>)[keys[i]!]);
    }
  }
}

/** Whether any own key of `node` contains a dot (then joined keys must be probed). */
export function hasDottedKey(node: unknown): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  for (const key in node) if (key.includes('.') && Object.hasOwn(node, key)) return true;
  return false;
}
