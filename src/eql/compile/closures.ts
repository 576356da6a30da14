import type { EvidenceSink } from './evidence.js';
import type { EvalContext, ValueSlot } from './slot.js';

/** Three-valued truth: null is EQL's unknown (a function of a missing value). */
export type Tri = boolean | null;

/**
 * A compiled condition. When `ev` is given, comparisons that hold push evidence to it; the
 * logical operators trim what a branch pushed when that branch did not make the result true.
 */
export type Predicate = (ctx: EvalContext, ev: EvidenceSink | null) => Tri;

/** A compiled value: the values of a field, or the results of a function over them. */
export interface Operand {
  /** The operand is a plain field (a Lucene query in Elasticsearch: never unknown). */
  readonly field: string | null;
  /** The first field the operand reads, for evidence. */
  readonly evidenceField: string;
  /** Constant operands have a value known at compile time. */
  readonly constant: boolean;
  readonly constantValue?: unknown;
  readonly integer?: boolean;
  get(ctx: EvalContext): ValueSlot;
}
