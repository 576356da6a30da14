import { parseQuery } from '../syntax/parser.js';
import { SourceText } from '../syntax/source.js';
import type { EqlQueryAst, SequenceQueryAst, SequenceStepAst } from '../syntax/ast.js';
import { compileJoinKey } from '../sequence/join-key.js';
import { SequenceEvaluator, type CompiledStep } from '../sequence/evaluator.js';
import type {
  CompiledEqlQuery,
  EqlCompileOptions,
  EqlEvaluator,
  EqlEvaluatorStats,
  EqlMatch,
} from '../types.js';
import { EventEvaluator, compileEventFilter } from './event.js';
import { maxspanMs } from './maxspan.js';
import { CompileScope } from './scope.js';

export const DEFAULT_MAX_SEQUENCE_KEYS = 10_000;
export const DEFAULT_REORDER_WINDOW_MS = 2_000;
export const MAX_BUFFERED_EVENTS = 50_000;
/** Elasticsearch caps `with runs=N` at 100. */
const MAX_RUNS = 100;

export function compileQuery(text: string, opts: EqlCompileOptions): CompiledEqlQuery {
  const ast = parseQuery(text);
  const scope = new CompileScope(new SourceText(text), opts.dialect);
  rejectUnsupported(ast, scope);
  if (ast.type === 'event') {
    const filter = compileEventFilter(ast.filter, scope);
    return {
      type: 'event',
      category: ast.filter.category ?? 'any',
      fields: scope.fields,
      warnings: scope.warnings,
      evaluator: () =>
        scope.rejectedByElasticsearch
          ? new SilentEvaluator()
          : new EventEvaluator(scope.newContext(), filter),
    };
  }
  const seq = ast as SequenceQueryAst;
  const steps = expandRuns(seq, scope).map((step) => compileStep(step, seq, scope));
  if (steps.length < 2) {
    throw scope.error(
      `a sequence requires a minimum of 2 steps, found [${steps.length}]`,
      seq.start,
    );
  }
  const until = seq.until ? compileStep(seq.until, seq, scope) : null;
  const maxspan = seq.maxspan ? maxspanMs(seq.maxspan, scope) : null;
  const options = {
    steps,
    until,
    maxspanMs: maxspan,
    maxKeys: Math.max(1, opts.maxSequenceKeys ?? DEFAULT_MAX_SEQUENCE_KEYS),
    reorderWindowMs: Math.max(0, opts.reorderWindowMs ?? DEFAULT_REORDER_WINDOW_MS),
    maxBuffered: MAX_BUFFERED_EVENTS,
  };
  return {
    type: 'sequence',
    category: null,
    fields: scope.fields,
    warnings: scope.warnings,
    evaluator: () =>
      scope.rejectedByElasticsearch
        ? new SilentEvaluator()
        : new SequenceEvaluator(scope.newContext(), options),
  };
}

/** A query Elasticsearch would refuse to run: it sees every event and matches none. */
class SilentEvaluator implements EqlEvaluator {
  readonly stats: EqlEvaluatorStats = { events: 0, droppedPartials: 0, lateEvents: 0 };

  push(): EqlMatch[] {
    this.stats.events++;
    return [];
  }

  flush(): EqlMatch[] {
    return [];
  }
}

function rejectUnsupported(ast: EqlQueryAst, scope: CompileScope): void {
  if (ast.type === 'sample') {
    throw scope.error('sample queries are not supported for detection', ast.start);
  }
  const pipe = ast.pipes[0];
  if (pipe) {
    throw scope.error(
      `pipes ([| ${pipe.name}]) are not supported for detection: every match is reported`,
      pipe.start,
    );
  }
  if (ast.type !== 'sequence') return;
  for (const step of [...ast.steps, ...(ast.until ? [ast.until] : [])]) {
    if (step.missing) {
      throw scope.error('missing-event steps (![ … ]) are not supported for detection', step.start);
    }
  }
}

function expandRuns(seq: SequenceQueryAst, scope: CompileScope): SequenceStepAst[] {
  return seq.steps.flatMap((step) => {
    if (!step.runs) return [step];
    const n = step.runs.value;
    if (n < 1 || n > MAX_RUNS) {
      throw scope.error(`runs must be between 1 and ${MAX_RUNS}, not [${n}]`, step.runs.start);
    }
    return Array.from({ length: n }, () => step);
  });
}

function compileStep(
  step: SequenceStepAst,
  seq: SequenceQueryAst,
  scope: CompileScope,
): CompiledStep {
  const expected = seq.by.length + (seq.steps[0]?.by.length ?? 0);
  const found = seq.by.length + step.by.length;
  if (found !== expected) {
    throw scope.error(
      `inconsistent number of join keys: expected [${expected}] but found [${found}]`,
      step.by[0]?.start ?? step.start,
    );
  }
  return {
    filter: compileEventFilter(step.filter, scope),
    key: compileJoinKey([...seq.by, ...step.by], scope),
  };
}
