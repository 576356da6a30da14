import type { Predicate } from '../compile/closures.js';
import { materialize, type PendingEvidence } from '../compile/evidence.js';
import type { EvalContext } from '../compile/slot.js';
import type { EqlDocument, EqlEvaluator, EqlEvaluatorStats, EqlMatch } from '../types.js';
import { SequenceMachine } from './machine.js';
import { ReorderBuffer } from './reorder-buffer.js';
import type { SequenceRecord, StepHit } from './types.js';

/** A step (or `until`) compiled: its condition and its join key. */
export interface CompiledStep {
  filter: Predicate;
  /** The join key of the document, or null when a required key field is missing. */
  key(ctx: EvalContext): string | null;
}

export interface SequenceOptions {
  steps: CompiledStep[];
  until: CompiledStep | null;
  maxspanMs: number | null;
  maxKeys: number;
  reorderWindowMs: number;
  maxBuffered: number;
}

export class SequenceEvaluator implements EqlEvaluator {
  readonly stats: EqlEvaluatorStats = { events: 0, droppedPartials: 0, lateEvents: 0 };
  readonly #buffer: ReorderBuffer;
  readonly #machine: SequenceMachine;
  #seq = 0;

  constructor(
    readonly ctx: EvalContext,
    readonly options: SequenceOptions,
  ) {
    this.#buffer = new ReorderBuffer(options.reorderWindowMs, options.maxBuffered, this.stats);
    this.#machine = new SequenceMachine(
      options.steps.length,
      options.maxspanMs,
      options.maxKeys,
      this.stats,
    );
  }

  push(doc: EqlDocument, time: number, item: unknown): EqlMatch[] {
    this.stats.events++;
    const at = this.#buffer.effectiveTime(time);
    const record = this.#evaluate(doc, at, item);
    const ready: SequenceRecord[] = [];
    this.#buffer.advance(at, record, ready);
    return this.#run(ready);
  }

  flush(): EqlMatch[] {
    const ready: SequenceRecord[] = [];
    this.#buffer.drain(ready);
    return this.#run(ready);
  }

  /** Buffered records and tracked keys, for tests of the memory bounds. */
  get held(): { buffered: number; keys: number } {
    return { buffered: this.#buffer.size, keys: this.#machine.keyCount };
  }

  #run(ready: SequenceRecord[]): EqlMatch[] {
    const out: EqlMatch[] = [];
    for (const rec of ready) this.#machine.process(rec, out);
    return out;
  }

  #evaluate(doc: EqlDocument, time: number, item: unknown): SequenceRecord | null {
    const ctx = this.ctx;
    ctx.reset(doc);
    let any = false;
    const steps = this.options.steps.map((step): StepHit | null => {
      const ev: PendingEvidence[] = [];
      if (step.filter(ctx, ev) !== true) return null;
      const key = step.key(ctx);
      if (key === null) return null;
      any = true;
      return { key, evidence: materialize(ev) };
    });
    const until = this.options.until;
    let untilKey: string | null = null;
    if (until && until.filter(ctx, null) === true) untilKey = until.key(ctx);
    if (!any && untilKey === null) return null;
    return { time, seq: this.#seq++, item, steps, untilKey };
  }
}
