import { maxSeverity } from '../alert/severity.js';
import type { CompiledException } from '../config/exceptions.js';
import { elasticAuditView, eventTimeMs } from '../elastic/audit-view.js';
import { DetectionEngine } from '../detect/engine.js';
import type { LoadedEqlQuery } from '../eql/load/index.js';
import type { CompiledRuleSet } from '../sigma/index.js';
import type { SourceEvent } from '../source/types.js';
import type { EngineFinding, ValidationEngine } from './types.js';

/** cronwarden itself: the full detection engine (stage dedupe, tuning, follow-up linking). */
export function sigmaEngine(
  id: string,
  label: string,
  ruleSet: CompiledRuleSet,
  exceptions: readonly CompiledException[],
  gate: boolean,
  onProblem: (event: SourceEvent, reason: string) => void,
): ValidationEngine {
  let problems = 0;
  return {
    id,
    label,
    gate,
    unit: 'alerts',
    problems: () => problems,
    run(events) {
      const engine = new DetectionEngine(ruleSet, exceptions);
      const raised = events.flatMap((e) => engine.process(e));
      raised.push(...engine.flush());
      for (const p of engine.takeProblems()) {
        problems++;
        onProblem(p.event, p.reason);
      }
      return raised.map(({ alert }) => ({
        severity: alert.severity,
        auditIDs: [alert.auditID, ...alert.related.map((r) => r.auditID)],
        ruleIds: alert.matches.map((m) => m.ruleId),
        linked: alert.relatedCount,
      }));
    },
  };
}

/**
 * EQL queries as Elasticsearch runs them: every logged event is its own document (both stages
 * of a request, controller follow-ups included), nothing is linked or de-duplicated, and
 * sequences see the events in event-time order.
 */
export function eqlEngine(
  id: string,
  label: string,
  queries: readonly LoadedEqlQuery[],
  gate: boolean,
  onProblem: (event: SourceEvent, reason: string) => void,
): ValidationEngine {
  let problems = 0;
  return {
    id,
    label,
    gate,
    unit: 'events',
    problems: () => problems,
    run(events) {
      const ordered = events
        .map((source, order) => ({ source, order, time: eventTimeMs(source.event) }))
        .sort((a, b) => byTime(a.time, b.time) || a.order - b.order);
      const flagged = new Map<SourceEvent, Set<LoadedEqlQuery>>();
      const runs = queries.map((q) => ({ query: q, evaluator: q.compiled.evaluator() }));
      const record = (item: unknown, query: LoadedEqlQuery): void => {
        const source = item as SourceEvent;
        const hits = flagged.get(source) ?? new Set();
        hits.add(query);
        flagged.set(source, hits);
      };
      for (const { source, time } of ordered) {
        const doc = elasticAuditView(source.event);
        for (const { query, evaluator } of runs) {
          try {
            for (const m of evaluator.push(doc, time, source)) record(m.items.at(-1), query);
          } catch (e) {
            // One poisoned event must not stop the run: it is reported and the rest evaluated.
            problems++;
            onProblem(source, `query ${query.meta.id}: evaluation failed: ${(e as Error).message}`);
          }
        }
      }
      for (const { query, evaluator } of runs)
        for (const m of evaluator.flush()) record(m.items.at(-1), query);
      return [...flagged].map(([source, hits]): EngineFinding => ({
        severity: maxSeverity([...hits].map((q) => q.meta.severity)),
        auditIDs: [typeof source.event.auditID === 'string' ? source.event.auditID : null],
        ruleIds: [...hits].map((q) => q.meta.id),
        linked: 0,
      }));
    },
  };
}

// Events without a usable time keep their log position relative to their neighbours.
function byTime(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? 0 : a - b;
}
