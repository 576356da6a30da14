import { buildAlert } from '../alert/build.js';
import type { Alert, AlertMatch, RelatedEvent } from '../alert/types.js';
import type { CompiledException } from '../config/exceptions.js';
import { normalize, type NormalizedEvent } from '../normalize/index.js';
import type { CompiledRuleSet } from '../sigma/index.js';
import type { SourceEvent } from '../source/types.js';
import { FollowUpLinker } from './follow-ups.js';
import { applyExceptions, toAlertMatch } from './matches.js';
import { StageDeduper, type DedupeStats } from './stage-dedupe.js';

/** FollowUpLinker's cap on `related` (the store and `relatedCount` keep every follow-up). */
const MAX_RELATED = 100;

export interface RaisedAlert {
  alert: Alert;
  /** Input order of the event, for deterministic output across files. */
  seq: number;
  /** The event the alert was raised on (kept as the alert's raw event by `serve`). */
  source: SourceEvent;
}

/** A follow-up attached to an alert raised earlier (see `DetectionEngine.takeLinked`). */
export interface LinkedFollowUp {
  alertId: string;
  event: RelatedEvent;
  source: SourceEvent;
}

export interface DetectionEngineOptions {
  /**
   * Keep every linked follow-up until `takeLinked()` (the server persists them). Off for `scan`,
   * which never takes them and would otherwise hold them all.
   */
  trackLinks?: boolean;
  /** Evaluate long-running requests on their ResponseStarted stage (see StageDeduper). */
  startedIsFinal?: boolean;
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
  readonly #dedupe: StageDeduper<{ event: SourceEvent; seq: number }>;
  readonly #linker = new FollowUpLinker();
  readonly #problems: DetectionProblem[] = [];
  readonly #linked: LinkedFollowUp[] = [];
  readonly #trackLinks: boolean;
  #current: SourceEvent | null = null;
  #seq = 0;
  readonly stats: DetectionStats;
  private ruleSet: CompiledRuleSet;
  private exceptions: readonly CompiledException[];
  private matchers: readonly EventMatcher[];

  constructor(
    ruleSet: CompiledRuleSet,
    exceptions: readonly CompiledException[] = [],
    matchers: readonly EventMatcher[] = [],
    options: DetectionEngineOptions = {},
  ) {
    this.ruleSet = ruleSet;
    this.exceptions = exceptions;
    this.matchers = matchers;
    this.#trackLinks = options.trackLinks ?? false;
    this.#dedupe = new StageDeduper(undefined, undefined, options.startedIsFinal ?? false);
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

  /**
   * Swaps the detectors (a reload) while keeping the stage de-duplication and follow-up state,
   * so requests and CronJob runs already seen are not raised again under the new rules.
   */
  replaceDetection(
    ruleSet: CompiledRuleSet,
    exceptions: readonly CompiledException[] = [],
    matchers: readonly EventMatcher[] = [],
  ): void {
    this.ruleSet = ruleSet;
    this.exceptions = exceptions;
    this.matchers = matchers;
  }

  /**
   * Follow-ups linked since the last call, each with the id of the alert it was attached to,
   * which may have been raised (and stored) in an earlier batch. Only with `trackLinks`.
   */
  takeLinked(): LinkedFollowUp[] {
    return this.#linked.splice(0);
  }

  /**
   * Makes an alert raised before this engine existed (read back from the store after a restart)
   * a parent again, so the Jobs and Pods its CronJob keeps spawning are linked, not re-raised.
   * Its request is marked evaluated, so a re-delivered copy is not judged twice either.
   */
  remember(alert: Alert, event: SourceEvent['event']): void {
    if (typeof event.auditID === 'string') this.#dedupe.markEvaluated(event.auditID);
    this.#linker.register(normalize(event), this.#trackLinks ? this.#linkView(alert) : alert);
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
        if (alert) out.push({ alert, seq, source: event });
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
    this.#current = source;
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
    this.#linker.register(n, this.#trackLinks ? this.#linkView(alert) : alert);
    this.stats.alerts++;
    return alert;
  }

  /**
   * What the linker holds instead of the alert when links are tracked: it forwards to the alert
   * (first 100 in `related`, every one in `relatedCount`, as before) and reports each follow-up
   * with the alert's id. FollowUpLinker does not say which alert it linked to, and its parent
   * alert may be from an earlier batch, so this is how the server learns what to persist. Its
   * `related` reports length 0 so that the linker hands over follow-ups past the 100th too.
   */
  #linkView(alert: Alert): Alert {
    const related = {
      length: 0,
      push: (event: RelatedEvent): number => {
        const source = this.#current;
        if (source) this.#linked.push({ alertId: alert.id, event, source });
        if (alert.related.length < MAX_RELATED) alert.related.push(event);
        return alert.related.length;
      },
    };
    return {
      get relatedCount() {
        return alert.relatedCount;
      },
      set relatedCount(value: number) {
        alert.relatedCount = value;
      },
      related,
    } as unknown as Alert;
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
