import { foldCase } from './fold-case.js';
import { collectStrings, hasDottedKey, type FieldPath } from './field-path.js';

/**
 * The values one field path yields for the current event, resolved at most once per event and
 * shared by every rule that reads the path. Arrays are reused across events (and only ever
 * overwritten, never truncated) to keep evaluation nearly allocation-free; `count` is the
 * number of valid entries.
 */
export class FieldSlot {
  gen = -1;
  /** Valid entries in values/texts/lowers for the current event. */
  count = 0;
  readonly values: unknown[] = [];
  /** Some branch of the path is absent (or an empty array): what `null` matches. */
  missing = false;
  #textGen = -1;
  readonly #texts: (string | undefined)[] = [];
  #lowerGen = -1;
  readonly #lowers: (string | undefined)[] = [];

  /** null: the keyword pseudo-field, every string value of the event. */
  constructor(readonly path: FieldPath | null) {}

  fill(event: unknown, gen: number, rootHasDottedKeys: boolean): void {
    this.count = 0;
    if (this.path) {
      this.missing = this.path.resolve(event, this, rootHasDottedKeys);
    } else {
      collectStrings(event, this);
      this.missing = false;
    }
    this.gen = gen;
  }

  push(value: unknown): void {
    this.values[this.count++] = value;
  }

  /** Leaf text: strings as is, numbers and booleans as their JSON text, else undefined. */
  texts(): (string | undefined)[] {
    if (this.#textGen !== this.gen) {
      const t = this.#texts;
      for (let i = 0; i < this.count; i++) t[i] = leafText(this.values[i]);
      this.#textGen = this.gen;
    }
    return this.#texts;
  }

  lowers(): (string | undefined)[] {
    if (this.#lowerGen !== this.gen) {
      const texts = this.texts();
      const l = this.#lowers;
      for (let i = 0; i < this.count; i++) {
        const t = texts[i];
        l[i] = t === undefined ? undefined : foldCase(t);
      }
      this.#lowerGen = this.gen;
    }
    return this.#lowers;
  }

  hasNullLeaf(): boolean {
    for (let i = 0; i < this.count; i++) if (this.values[i] === null) return true;
    return false;
  }
}

export function leafText(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? String(v) : undefined;
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return undefined;
  }
}

/** Where path resolution writes the values it reaches. */
export interface LeafSink {
  push(value: unknown): void;
}

/** Per-evaluation state: one slot per distinct field path of the whole rule set. */
export class EvalContext {
  event: unknown = undefined;
  gen = 0;

  constructor(readonly slots: FieldSlot[]) {}

  #dottedGen = -1;
  #rootHasDottedKeys = false;

  reset(event: unknown): void {
    this.event = event;
    this.gen++;
  }

  slot(id: number): FieldSlot {
    const s = this.slots[id]!;
    if (s.gen !== this.gen) {
      // One pass over the root's keys per event spares every path its joined-key probes there.
      if (this.#dottedGen !== this.gen) {
        this.#rootHasDottedKeys = hasDottedKey(this.event);
        this.#dottedGen = this.gen;
      }
      s.fill(this.event, this.gen, this.#rootHasDottedKeys);
    }
    return s;
  }
}

/** Interns field paths across a rule set so each is resolved once per event. */
export class FieldRegistry {
  readonly #ids = new Map<string, number>();
  #keywordsId = -1;
  /** null: the keyword pseudo-field. */
  readonly #paths: (FieldPath | null)[] = [];

  /** null: the keyword pseudo-field (kept apart so no field name can collide with it). */
  idOf(path: FieldPath | null): number {
    if (path === null) {
      if (this.#keywordsId < 0) this.#keywordsId = this.#add(null);
      return this.#keywordsId;
    }
    let id = this.#ids.get(path.text);
    if (id === undefined) {
      id = this.#add(path);
      this.#ids.set(path.text, id);
    }
    return id;
  }

  #add(path: FieldPath | null): number {
    this.#paths.push(path);
    return this.#paths.length - 1;
  }

  newContext(): EvalContext {
    // Each context gets its own slots so concurrent contexts (e.g. explain during test) never
    // clobber each other's cached values.
    return new EvalContext(this.#paths.map((p) => new FieldSlot(p)));
  }
}
