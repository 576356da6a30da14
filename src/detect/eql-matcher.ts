import type { AlertEvidence, AlertMatch } from '../alert/types.js';
import { elasticAuditView, eventTimeMs } from '../elastic/audit-view.js';
import type { LoadedEqlQuery } from '../eql/load/index.js';
import type { EqlEvaluator, EqlMatch } from '../eql/types.js';
import type { NormalizedEvent } from '../normalize/index.js';
import type { SourceEvent } from '../source/types.js';
import type { EventMatcher } from './engine.js';

export interface EqlMatcherStats {
  /** Sequence partials dropped at a memory bound, per query id. */
  droppedPartials: Record<string, number>;
  /** Requests that arrived out of event-time order (sequences may miss them), per query id. */
  lateEvents: Record<string, number>;
}

/**
 * Runs EQL queries on the Elastic view of each request the detection engine evaluates, so their
 * matches merge into the same alerts as Sigma rules. Queries must be compiled without a reorder
 * window: a match then always completes on the request being evaluated.
 */
export class EqlMatcher implements EventMatcher {
  readonly #runs: { query: LoadedEqlQuery; evaluator: EqlEvaluator }[];

  constructor(queries: readonly LoadedEqlQuery[]) {
    this.#runs = queries.map((query) => ({ query, evaluator: query.compiled.evaluator() }));
  }

  match(n: NormalizedEvent, source: SourceEvent): AlertMatch[] {
    if (this.#runs.length === 0) return [];
    const doc = elasticAuditView(n.event);
    const time = eventTimeMs(n.event);
    const out: AlertMatch[] = [];
    for (const { query, evaluator } of this.#runs)
      for (const m of evaluator.push(doc, time, source)) out.push(eqlAlertMatch(query, m));
    return out;
  }

  get stats(): EqlMatcherStats {
    const stats: EqlMatcherStats = { droppedPartials: {}, lateEvents: {} };
    for (const { query, evaluator } of this.#runs) {
      const key = `${query.meta.id} (${query.dialect})`;
      if (evaluator.stats.droppedPartials)
        stats.droppedPartials[key] = evaluator.stats.droppedPartials;
      if (evaluator.stats.lateEvents) stats.lateEvents[key] = evaluator.stats.lateEvents;
    }
    return stats;
  }
}

/** An EQL match in the alert's match shape; a sequence names the earlier requests it joined. */
export function eqlAlertMatch(query: LoadedEqlQuery, m: EqlMatch): AlertMatch {
  const evidence: AlertEvidence[] = m.evidence.map((e) => ({ field: e.field, value: e.value }));
  if (m.items.length > 1)
    m.items.slice(0, -1).forEach((item, i) => {
      evidence.push({ field: `sequence.step${i + 1}`, value: describeItem(item) });
    });
  return {
    language: 'eql',
    ruleId: query.meta.id,
    title: query.meta.name,
    level: query.meta.severity,
    tags: [...query.meta.tags],
    evidence,
  };
}

function describeItem(item: unknown): string {
  const s = item as Partial<SourceEvent>;
  const e = s.event;
  if (!e) return String(item);
  const ref = e.objectRef ?? {};
  const object = [ref.namespace, ref.name].filter(Boolean).join('/');
  return `${e.auditID ?? '?'} ${e.verb ?? '?'} ${ref.resource ?? '?'}${object ? ` ${object}` : ''} by ${e.user?.username ?? '?'} (${s.file}:${s.line})`;
}
