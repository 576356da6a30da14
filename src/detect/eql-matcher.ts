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
  readonly #hasSequences: boolean;
  #problems: string[] = [];

  constructor(queries: readonly LoadedEqlQuery[]) {
    this.#runs = queries.map((query) => ({ query, evaluator: query.compiled.evaluator() }));
    this.#hasSequences = queries.some((q) => q.compiled.type === 'sequence');
  }

  match(n: NormalizedEvent, source: SourceEvent): AlertMatch[] {
    if (this.#runs.length === 0) return [];
    const doc = elasticAuditView(n.event);
    const time = eventTimeMs(n.event);
    // Pending sequences hold their steps' items for up to maxspan: keep them small, not events.
    const item = this.#hasSequences ? describeRequest(source) : null;
    const out: AlertMatch[] = [];
    for (const { query, evaluator } of this.#runs) {
      try {
        for (const m of evaluator.push(doc, time, item)) out.push(eqlAlertMatch(query, m));
      } catch (e) {
        this.#problems.push(
          `EQL query ${query.meta.id} (${query.dialect} dialect) could not evaluate this event: ${(e as Error).message}`,
        );
      }
    }
    return out;
  }

  takeProblems(): string[] {
    const problems = this.#problems;
    this.#problems = [];
    return problems;
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
  m.items.slice(0, -1).forEach((item, i) => {
    evidence.push({ field: `sequence.step${i + 1}`, value: String(item) });
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

/** `auditID verb resource ns/name by user (file:line)`: what an analyst needs to find a step. */
function describeRequest(s: SourceEvent): string {
  const e = s.event;
  const ref = e.objectRef ?? {};
  const object = [ref.namespace, ref.name].filter(Boolean).join('/');
  return `${e.auditID ?? '?'} ${e.verb ?? '?'} ${ref.resource ?? '?'}${object ? ` ${object}` : ''} by ${e.user?.username ?? '?'} (${s.file}:${s.line})`;
}
