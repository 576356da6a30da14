import { buildAlert } from '../alert/build.js';
import type { Alert, AlertMatch } from '../alert/types.js';
import type { CompiledException } from '../config/exceptions.js';
import { normalize, type NormalizedEvent } from '../normalize/index.js';
import type { CompiledRuleSet } from '../sigma/index.js';
import type { SourceEvent } from '../source/types.js';
import { FollowUpLinker } from './follow-ups.js';
import { applyExceptions, toAlertMatch } from './matches.js';
import { StageDeduper, type DedupeStats } from './stage-dedupe.js';

export interface RaisedAlert {
  alert: Alert;
  /** Input order of the event, for deterministic output across files. */
  seq: number;
}

export interface DetectionStats {
  events: number;
  evaluated: number;
  alerts: number;
  linkedFollowUps: number;
  /** Matches silenced by a tuning exception, by exception name. */
  suppressed: Record<string, number>;
  evaluationErrors: number;
  stages: DedupeStats;
}

/**
 * A detector other than the Sigma rule set (EQL queries) that grades the same requests. Called
 * once per evaluated request, in input order, so stateful detectors (sequences) see a stream.
 */
export interface EventMatcher {
  match(n: NormalizedEvent, source: SourceEvent): AlertMatch[];
  /** Why some of its detectors could not evaluate the last request (the others still did). */
  takeProblems?(): string[];
}

export interface DetectionProblem {
  event: SourceEvent;
  reason: string;
}

/**
 * The stateful part of detection shared by `scan` and `serve`: stage dedupe → normalize →
 * rules → exceptions → follow-up linking → alert. Feed events in input order.
 */
export class DetectionEngine {
  readonly #dedupe = new StageDeduper<{ event: SourceEvent; seq: number }>();
  readonly #linker = new FollowUpLinker();
  readonly #problems: DetectionProblem[] = [];
  #seq = 0;
  readonly stats: DetectionStats;

  constructor(
    private readonly ruleSet: CompiledRuleSet,
    private readonly exceptions: readonly CompiledException[] = [],
    private readonly matchers: readonly EventMatcher[] = [],
  ) {
    this.stats = {
      events: 0,
      evaluated: 0,
      alerts: 0,
      linkedFollowUps: 0,
      suppressed: {},
      evaluationErrors: 0,
      stages: this.#dedupe.stats,
    };
  }

  process(event: SourceEvent): RaisedAlert[] {
    this.stats.events++;
    const ready = this.#dedupe.push({
      auditID: typeof event.event.auditID === 'string' ? event.event.auditID : null,
      stage: typeof event.event.stage === 'string' ? event.event.stage : null,
      item: { event, seq: this.#seq++ },
    });
    return this.#evaluateAll(ready);
  }

  /** The input ended: evaluate requests still waiting for their final stage. */
  flush(): RaisedAlert[] {
    return this.#evaluateAll(this.#dedupe.flush());
  }

  /** Events that could not be evaluated since the last call (each is counted in stats). */
  takeProblems(): DetectionProblem[] {
    return this.#problems.splice(0);
  }

  #evaluateAll(items: { event: SourceEvent; seq: number }[]): RaisedAlert[] {
    const out: RaisedAlert[] = [];
    for (const { event, seq } of items) {
      try {
        const alert = this.#evaluate(event);
        if (alert) out.push({ alert, seq });
      } catch (e) {
        // One poisoned event must not stop the ones after it.
        this.stats.evaluationErrors++;
        this.#problems.push({ event, reason: `evaluation failed: ${(e as Error).message}` });
      }
    }
    return out;
  }

  #evaluate(source: SourceEvent): Alert | null {
    this.stats.evaluated++;
    const n = normalize(source.event);
    const found = this.ruleSet.match(n.document).map(toAlertMatch);
    for (const m of this.matchers) {
      // A detector that fails on this request must not take the Sigma matches down with it.
      try {
        found.push(...m.match(n, source));
      } catch (e) {
        this.#report(source, `evaluation failed: ${(e as Error).message}`);
      }
      for (const reason of m.takeProblems?.() ?? []) this.#report(source, reason);
    }
    const matches = this.#unsuppressed(n, found);
    if (
      this.#linker.link(
        n,
        source,
        matches.map((m) => m.ruleId),
      )
    ) {
      this.stats.linkedFollowUps++;
      return null;
    }
    if (matches.length === 0) return null;
    const alert = buildAlert(n, matches, source);
    this.#linker.register(n, alert);
    this.stats.alerts++;
    return alert;
  }

  #report(event: SourceEvent, reason: string): void {
    this.stats.evaluationErrors++;
    this.#problems.push({ event, reason });
  }

  #unsuppressed(n: NormalizedEvent, matches: AlertMatch[]): AlertMatch[] {
    const { kept, suppressed } = applyExceptions(n, matches, this.exceptions);
    for (const { exception } of suppressed)
      this.stats.suppressed[exception.name] = (this.stats.suppressed[exception.name] ?? 0) + 1;
    return kept;
  }
}
