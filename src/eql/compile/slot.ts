import { FieldPath } from '../../sigma/compile/field-path.js';
import { foldCase } from '../../sigma/compile/fold-case.js';

/**
 * The values one field path yields for the current document, resolved at most once per
 * document however many comparisons read the field; case-folded text is cached alongside.
 */
export class ValueSlot {
  gen = -1;
  values: unknown[] = [];
  /** Some branch of the path is absent (or an empty array): what `== null` matches. */
  missing = true;
  #lowers: (string | undefined)[] = [];

  constructor(readonly path: FieldPath | null) {}

  fill(doc: unknown, gen: number): void {
    this.gen = gen;
    this.values = [];
    this.#lowers = [];
    if (this.path) this.missing = this.path.resolve(doc, this.values);
  }

  /** A computed operand's values (function results); never "missing", only empty. */
  static of(values: unknown[]): ValueSlot {
    const slot = new ValueSlot(null);
    slot.values = values;
    slot.missing = values.length === 0;
    return slot;
  }

  /** Leaf i as text: strings as they are, numbers and booleans as JSON text. */
  text(i: number): string | undefined {
    return leafText(this.values[i]);
  }

  lower(i: number): string | undefined {
    if (i in this.#lowers) return this.#lowers[i];
    const t = this.text(i);
    const lower = t === undefined ? undefined : foldCase(t);
    this.#lowers[i] = lower;
    return lower;
  }
}

export function leafText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Per-document state shared by every closure of one compiled query. */
export class EvalContext {
  doc: unknown = null;
  gen = 0;

  constructor(readonly slots: ValueSlot[]) {}

  reset(doc: unknown): void {
    this.doc = doc;
    this.gen++;
  }

  slot(index: number): ValueSlot {
    const slot = this.slots[index]!;
    if (slot.gen !== this.gen) slot.fill(this.doc, this.gen);
    return slot;
  }
}

export function newFieldPath(path: string): FieldPath {
  return new FieldPath(path);
}
