import type { EqlEvaluatorStats, EqlMatch } from '../types.js';
import { before } from './reorder-buffer.js';
import type { PartialSequence, SequenceRecord } from './types.js';

interface KeyState {
  /** stages[s]: the partial that has matched steps 0..s (at most one per stage). */
  stages: (PartialSequence | undefined)[];
  lastTouch: number;
}

/**
 * Elasticsearch's sequence state machine ("How sequence queries handle matches" in the EQL
 * syntax reference; SequenceMatcher / KeyToSequences in x-pack/plugin/eql):
 *  - one state machine per join key, and at most one pending sequence per stage: a newer one
 *    overwrites the older;
 *  - an event of step s takes the pending sequence of stage s-1 (which must be strictly
 *    earlier: timestamp, then arrival order) and moves it to stage s, or completes it;
 *  - maxspan is inclusive: rejected only when the last event is more than maxspan after the
 *    first (`exceedsMaxSpan`: delta > maxspan), and the rejected sequence is dropped;
 *  - an `until` event drops the key's pending sequences: any later step would have the until
 *    event between it and the previous step. Its own step hits for that key are ignored too:
 *    `Ordinal.between` is inclusive, so a sequence it started or advanced is rejected at the
 *    next step, and one it would complete ends at the until hit (#59292).
 * Memory is bounded: keys are kept in least-recently-used order, at most `maxKeys` of them, and
 * keys whose every partial is older than maxspan are dropped as time advances.
 */
export class SequenceMachine {
  readonly #keys = new Map<string, KeyState>();
  #now = -Infinity;

  constructor(
    readonly stepCount: number,
    readonly maxspanMs: number | null,
    readonly maxKeys: number,
    readonly stats: EqlEvaluatorStats,
  ) {}

  get keyCount(): number {
    return this.#keys.size;
  }

  process(rec: SequenceRecord, out: EqlMatch[]): void {
    if (rec.time > this.#now) this.#now = rec.time;
    if (rec.untilKey !== null) this.#keys.delete(rec.untilKey);
    // Later stages first, so one event that matches several steps cannot extend a sequence
    // it has just started or advanced.
    for (let s = this.stepCount - 1; s >= 1; s--) {
      const hit = rec.steps[s];
      if (!hit || hit.key === rec.untilKey) continue;
      const state = this.#keys.get(hit.key);
      const prev = state?.stages[s - 1];
      if (!state || !prev || !before({ time: prev.lastTime, seq: prev.lastSeq }, rec)) continue;
      state.stages[s - 1] = undefined;
      this.#touch(hit.key, state, rec.time);
      if (this.maxspanMs !== null && rec.time - prev.start > this.maxspanMs) continue;
      const next: PartialSequence = {
        start: prev.start,
        lastTime: rec.time,
        lastSeq: rec.seq,
        items: [...prev.items, rec.item],
        evidence: [...prev.evidence, hit.evidence],
      };
      if (s === this.stepCount - 1) out.push({ evidence: next.evidence.flat(), items: next.items });
      else state.stages[s] = next;
    }
    const first = rec.steps[0];
    if (first && first.key !== rec.untilKey) {
      let state = this.#keys.get(first.key);
      if (!state) {
        state = {
          stages: new Array<PartialSequence | undefined>(this.stepCount - 1),
          lastTouch: rec.time,
        };
        this.#keys.set(first.key, state);
      }
      state.stages[0] = {
        start: rec.time,
        lastTime: rec.time,
        lastSeq: rec.seq,
        items: [rec.item],
        evidence: [first.evidence],
      };
      this.#touch(first.key, state, rec.time);
    }
    this.#cleanUp(rec.steps.map((h) => h?.key));
  }

  #touch(key: string, state: KeyState, time: number): void {
    this.#keys.delete(key);
    this.#keys.set(key, state);
    if (time > state.lastTouch) state.lastTouch = time;
  }

  #cleanUp(touched: (string | undefined)[]): void {
    for (const key of touched) {
      if (key === undefined) continue;
      const state = this.#keys.get(key);
      if (state && state.stages.every((p) => p === undefined)) this.#keys.delete(key);
    }
    while (this.#keys.size > this.maxKeys) {
      const [key, state] = this.#keys.entries().next().value as [string, KeyState];
      this.stats.droppedPartials += state.stages.filter((p) => p !== undefined).length;
      this.#keys.delete(key);
    }
    if (this.maxspanMs === null) return;
    // Keys are in touch order; a key untouched for longer than maxspan holds only partials that
    // can no longer complete. Late events can break the order, so this stops at the first fresh key.
    const horizon = this.#now - this.maxspanMs;
    for (const [key, state] of this.#keys) {
      if (state.lastTouch >= horizon) break;
      this.#keys.delete(key);
    }
  }
}
