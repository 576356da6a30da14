/**
 * Audit timestamps as the API server writes them: RFC 3339 with exactly six fractional digits
 * for the request and stage times, whole seconds for object times. The date part changes once a
 * second at most, so it is formatted once and reused.
 */
export class TimeFormat {
  #second = Number.NaN;
  #prefix = '';

  /** `2026-11-02T09:00:01.123456Z` for microseconds since the epoch. */
  micro(micros: number): string {
    const second = Math.floor(micros / 1_000_000);
    if (second !== this.#second) {
      this.#second = second;
      this.#prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const fraction = micros - second * 1_000_000;
    return `${this.#prefix}.${String(fraction).padStart(6, '0')}Z`;
  }

  /** `2026-11-02T09:00:01Z`: creationTimestamp, managedFields time, condition times. */
  seconds(micros: number): string {
    const second = Math.floor(micros / 1_000_000);
    if (second !== this.#second) {
      this.#second = second;
      this.#prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    return `${this.#prefix}Z`;
  }
}

/** Microseconds since the epoch of an audit timestamp (`…T09:00:01.123456Z`, or no fraction). */
export function parseMicros(stamp: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(stamp);
  if (!match) return Number.NaN;
  const seconds = Date.parse(`${match[1]}Z`) / 1000;
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1_000_000 + Number(fraction);
}
