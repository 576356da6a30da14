import type { Rng } from './random.js';
import type { TimeFormat } from './time-format.js';

/**
 * Prototype events are rendered once with placeholders (`§u3§`, `§tm-1500§`, …) where every
 * emitted copy differs; emitting one is then only string concatenation. The marker character
 * is never escaped by JSON, so placeholders survive rendering unchanged.
 */
export const MARK = '§';

/** Where the prototypes were built: 2001-01-10T00:00:00Z, far from any real timestamp. */
export const PROTOTYPE_MICROS = Date.UTC(2001, 0, 10) * 1000;
// Objects that existed before the prototype run are dated weeks earlier, in 2000.
const PROTOTYPE_TIME = /20(?:00|01)-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z/g;

type SlotKind = 'u' | 'n' | 'h' | 'r' | 'tm' | 'ts' | 'node' | 'nodeip' | 'podip' | 'job';

interface Slot {
  kind: SlotKind;
  /** Index into the emission's value table: one value per placeholder, shared by all lines. */
  index: number;
  /** Characters for `n` and `h`; microseconds from the prototype time for `tm` and `ts`. */
  arg: number;
}

export interface Template {
  parts: string[];
  slots: Slot[];
}

/** The placeholders of one group of prototype lines, numbered for a shared value table. */
export class TokenTable {
  readonly #index = new Map<string, number>();

  get size(): number {
    return this.#index.size;
  }

  indexOf(token: string): number {
    let i = this.#index.get(token);
    if (i === undefined) {
      i = this.#index.size;
      this.#index.set(token, i);
    }
    return i;
  }
}

/** Prototype times become `§tm<offset>§` (microsecond stamps) or `§ts<offset>§` (seconds). */
export function markTimes(text: string): string {
  return text.replace(PROTOTYPE_TIME, (stamp, fraction: string | undefined) => {
    const micros = Date.parse(fraction ? stamp.replace(fraction, '') : stamp) * 1000;
    const offset = micros + (fraction ? Number(fraction.slice(1)) : 0) - PROTOTYPE_MICROS;
    return `${MARK}${fraction ? 'tm' : 'ts'}${offset}${MARK}`;
  });
}

const TOKEN = /§([a-z]+)(-?\d+)?(?:_(\d+))?§/g;

export function compile(text: string, tokens: TokenTable): Template {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const [whole, rawKind, number, length] = match;
    const kind = rawKind as SlotKind;
    parts.push(text.slice(last, match.index));
    last = match.index + whole.length;
    const timed = kind === 'tm' || kind === 'ts';
    slots.push({
      kind,
      // Times are computed from the emission's shift, not remembered.
      index: timed ? -1 : tokens.indexOf(whole),
      arg: timed ? Number(number) : Number(length ?? 0),
    });
  }
  parts.push(text.slice(last));
  return { parts, slots };
}

/** What an emission fills placeholders with; values are drawn once and shared by its lines. */
export interface Emission {
  values: (string | undefined)[];
  /** Microseconds added to every prototype time. */
  shift: number;
  node: { name: string; ip: string };
  podIP: string;
  job: string;
  rng: Rng;
  time: TimeFormat;
  nextResourceVersion: () => number;
}

export function fill(t: Template, e: Emission): string {
  let out = t.parts[0]!;
  for (let i = 0; i < t.slots.length; i++) {
    const slot = t.slots[i]!;
    out += value(slot, e) + t.parts[i + 1]!;
  }
  return out;
}

function value(slot: Slot, e: Emission): string {
  switch (slot.kind) {
    case 'tm':
      return e.time.micro(PROTOTYPE_MICROS + slot.arg + e.shift);
    case 'ts':
      return e.time.seconds(PROTOTYPE_MICROS + slot.arg + e.shift);
    case 'node':
      return e.node.name;
    case 'nodeip':
      return e.node.ip;
    case 'podip':
      return e.podIP;
    case 'job':
      return e.job;
  }
  const known = e.values[slot.index];
  if (known !== undefined) return known;
  let made: string;
  if (slot.kind === 'u') made = e.rng.uuid();
  else if (slot.kind === 'n') made = e.rng.suffix(slot.arg);
  else if (slot.kind === 'h') made = e.rng.hex(slot.arg);
  else made = String(e.nextResourceVersion());
  e.values[slot.index] = made;
  return made;
}
