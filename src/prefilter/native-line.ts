import { TopLevelReader } from './top-level.js';

/**
 * The top-level members of a line that structural probes read, when the line is one native
 * audit event: `kind` is `"Event"` (not an EventList, whose events are its items) and `auditID`,
 * `verb` and `stage` are strings, so every format detection reads it as a native event and the
 * decoder hands the parsed object on unchanged (decode/native.ts, decode/dispatch.ts). The
 * normalizer only adds `action`, `actor` and `workload` beside these members (and drops event
 * keys that a field path could mistake for them).
 */
export interface NativeMembers {
  /** The member's value as JSON.parse gives it; undefined when the line does not have it. */
  get(name: string): unknown;
}

const IDENTITY = ['kind', 'auditID', 'verb', 'stage'];
const EVENT = Buffer.from('"Event"');
const ABSENT = Symbol('absent');

/**
 * Reads a line's members once however many probes ask (the formula of one line asks several in
 * a row) and parses each only when a probe wants it. The walk stops early once every `members`
 * name was seen; `optional` ones (often missing) are read when present but not waited for.
 */
export class NativeLine implements NativeMembers {
  readonly #reader: TopLevelReader;
  readonly #index: Map<string, number>;
  #line: Buffer | null = null;
  #offset = -1;
  #length = -1;
  #native = false;
  readonly #parsed: unknown[] = [];

  constructor(members: readonly string[], optional: readonly string[] = []) {
    const required = [...new Set([...IDENTITY, ...members])];
    const keys = [...required, ...optional.filter((o) => !required.includes(o))];
    this.#reader = new TopLevelReader(keys, keys.length - required.length);
    this.#index = new Map(keys.map((k, i) => [k, i]));
  }

  /** The line's members when it is a native event, else null. */
  of(line: Buffer): NativeMembers | null {
    if (line !== this.#line || line.byteOffset !== this.#offset || line.length !== this.#length) {
      this.#line = line;
      this.#offset = line.byteOffset;
      this.#length = line.length;
      this.#parsed.length = 0;
      this.#native = this.#reader.read(line) && this.#isNativeEvent(line);
    }
    return this.#native ? this : null;
  }

  get(name: string): unknown {
    const which = this.#index.get(name);
    if (which === undefined) throw new Error(`native member ${name} is not read`);
    let value = this.#parsed[which];
    if (value === undefined) {
      const spans = this.#reader.spans;
      const start = spans[which * 2]!;
      value = ABSENT;
      if (start >= 0) {
        try {
          value = JSON.parse(this.#line!.toString('utf8', start, spans[which * 2 + 1]!));
        } catch {
          // Not valid JSON: the line yields no event, so any answer is sound.
        }
      }
      this.#parsed[which] = value;
    }
    return value === ABSENT ? undefined : value;
  }

  #isNativeEvent(line: Buffer): boolean {
    const spans = this.#reader.spans;
    const kindAt = spans[0]!;
    if (kindAt < 0 || spans[1]! - kindAt !== EVENT.length) return false;
    for (let j = 0; j < EVENT.length; j++) if (line[kindAt + j] !== EVENT[j]) return false;
    // auditID, verb and stage must be strings.
    for (let k = 1; k < IDENTITY.length; k++)
      if (spans[k * 2]! < 0 || line[spans[k * 2]!] !== 0x22) return false;
    return true;
  }
}
