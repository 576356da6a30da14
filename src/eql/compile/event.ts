import type { EventFilterAst } from '../syntax/ast.js';
import type { EqlDocument, EqlEvaluator, EqlEvaluatorStats, EqlMatch } from '../types.js';
import type { Predicate } from './closures.js';
import { compileCondition } from './condition.js';
import { materialize, type PendingEvidence } from './evidence.js';
import type { CompileScope } from './scope.js';
import type { EvalContext } from './slot.js';

export const CATEGORY_FIELD = 'event.category';

/** `<category> where <condition>`: the category must be among `event.category`'s values. */
export function compileEventFilter(filter: EventFilterAst, scope: CompileScope): Predicate {
  const condition = compileCondition(filter.condition, scope);
  const category = filter.category;
  if (category === null) return condition;
  const slot = scope.slot(CATEGORY_FIELD);
  return (ctx, ev) => {
    if (!ctx.slot(slot).values.includes(category)) return false;
    return condition(ctx, ev);
  };
}

/** Event queries need no state or buffer: a match is returned by the push that made it. */
export class EventEvaluator implements EqlEvaluator {
  readonly stats: EqlEvaluatorStats = { events: 0, droppedPartials: 0, lateEvents: 0 };

  constructor(
    readonly ctx: EvalContext,
    readonly filter: Predicate,
  ) {}

  push(doc: EqlDocument, _time: number, item: unknown): EqlMatch[] {
    this.stats.events++;
    this.ctx.reset(doc);
    const ev: PendingEvidence[] = [];
    if (this.filter(this.ctx, ev) !== true) return [];
    return [{ evidence: materialize(ev), items: [item] }];
  }

  flush(): EqlMatch[] {
    return [];
  }
}
