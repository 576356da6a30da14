import type { EqlEvaluatorStats } from '../types.js';
import type { SequenceRecord } from './types.js';

/**
 * Holds records until no earlier one can arrive within the reorder window, then releases them
 * in event-time order (ties by arrival). Bounded: past `maxItems` the oldest is released early.
 */
export class ReorderBuffer {
  readonly #heap: SequenceRecord[] = [];
  #maxTime = -Infinity;
  #released = -Infinity;

  constructor(
    readonly windowMs: number,
    readonly maxItems: number,
    readonly stats: EqlEvaluatorStats,
  ) {}

  /** The time to use for a document: unknown (NaN) times count as the latest seen. */
  effectiveTime(time: number): number {
    if (Number.isFinite(time)) return time;
    const latest = Math.max(this.#maxTime, this.#released);
    return Number.isFinite(latest) ? latest : 0;
  }

  /** Notes the time of any document (matching or not) and returns what is ready. */
  advance(time: number, record: SequenceRecord | null, out: SequenceRecord[]): void {
    if (time > this.#maxTime) this.#maxTime = time;
    if (record) {
      if (record.time < this.#released) {
        // Too late to be ordered: evaluated now, and counted so the loss is visible.
        this.stats.lateEvents++;
        out.push(record);
      } else {
        this.#push(record);
      }
    }
    const horizon = this.#maxTime - this.windowMs;
    while (
      this.#heap.length > 0 &&
      (this.#heap[0]!.time <= horizon || this.#heap.length > this.maxItems)
    ) {
      out.push(this.#pop());
    }
  }

  drain(out: SequenceRecord[]): void {
    while (this.#heap.length > 0) out.push(this.#pop());
  }

  get size(): number {
    return this.#heap.length;
  }

  #pop(): SequenceRecord {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    if (top.time > this.#released) this.#released = top.time;
    return top;
  }

  #push(record: SequenceRecord): void {
    const heap = this.#heap;
    heap.push(record);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }
}

export function before(
  a: { time: number; seq: number },
  b: { time: number; seq: number },
): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
