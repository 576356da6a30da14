import { buildAlert, placeAlert } from '../alert/build.js';
import type { Alert, AlertMatch, RelatedEvent } from '../alert/types.js';
import type { CompiledException } from '../config/exceptions.js';
import { normalize, type NormalizedEvent } from '../normalize/index.js';
import type { CompiledRuleSet } from '../sigma/index.js';
import type { SourceEvent } from '../source/types.js';
import { FollowUpLinker, linkFacts, type LinkFacts } from './follow-ups.js';
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

/**
 * What detection makes of one request on its own, before any state (stage de-duplication,
 * follow-up linking) applies: computed where the event was parsed (a scan worker) and decided
 * on, in input order, by the engine that holds the state. Plain data, cheap to post.
 */
export interface Assessment {
  /** Rule and query matches left after the tuning exceptions. */
  matches: AlertMatch[];
  /** Names of the exceptions that silenced a match. */
  suppressed: string[];
  /** Set when the linker needs the event: a controller acted, or an alert will be raised. */
  link: LinkFacts | null;
  /** Detectors that could not evaluate the request. */
  problems: string[];
  /**
   * The alert, built where the event was parsed when there are matches (scan workers), so the
   * event itself need not travel; the deciding engine moves it to the event's position.
   */
  alert?: Alert;
}

export interface DetectionProblem {
  event: SourceEvent;
  reason: string;
}

/**
 * The stateful part of detection shared by `scan` and `serve`: stage dedupe → normalize →
 * rules → exceptions → follow-up linking → alert. Feed events in input order.
 */
interface Pending {
  event: SourceEvent;
  seq: number;
  /** Assessed elsewhere already (scan workers); `event` then holds the full event only if it matched. */
  assessment?: Assessment;
}

export class DetectionEngine {
  readonly #dedupe: StageDeduper<Pending>;
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
    return this.#push({ event, seq: this.#seq++ });
  }

  /**
   * Like process(), for an event assessed by {@link assess} elsewhere: `event.event` needs only
   * `auditID` and `stage`, the assessment carries the alert.
   */
  processAssessed(event: SourceEvent, assessment: Assessment): RaisedAlert[] {
    return this.#push({ event, seq: this.#seq++, assessment });
  }

  /**
   * The stateless half of detection for one event: what {@link processAssessed} needs. Only
   * valid for engines whose extra matchers keep no state between events (no EQL sequences).
   */
  assess(source: SourceEvent): Assessment {
    const n = normalize(source.event);
    const a = this.#assess(n, source);
    if (a.matches.length > 0) a.alert = buildAlert(n, a.matches, source);
    return a;
  }

  #push(item: Pending): RaisedAlert[] {
    this.stats.events++;
    const e = item.event.event;
    const ready = this.#dedupe.push({
      auditID: typeof e.auditID === 'string' ? e.auditID : null,
      stage: typeof e.stage === 'string' ? e.stage : null,
      item,
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
    this.#linker.register(
      linkFacts(normalize(event)),
      this.#trackLinks ? this.#linkView(alert) : alert,
    );
  }

  /** The input ended: evaluate requests still waiting for their final stage. */
  flush(): RaisedAlert[] {
    return this.#evaluateAll(this.#dedupe.flush());
  }

  /** Events that could not be evaluated since the last call (each is counted in stats). */
  takeProblems(): DetectionProblem[] {
    return this.#problems.splice(0);
  }

  #evaluateAll(items: Pending[]): RaisedAlert[] {
    const out: RaisedAlert[] = [];
    for (const { event, seq, assessment } of items) {
      try {
        const alert = this.#evaluate(event, assessment);
        if (alert) out.push({ alert, seq, source: event });
      } catch (e) {
        // One poisoned event must not stop the ones after it.
        this.stats.evaluationErrors++;
        this.#problems.push({ event, reason: `evaluation failed: ${(e as Error).message}` });
      }
    }
    return out;
  }

  #evaluate(source: SourceEvent, assessed?: Assessment): Alert | null {
    this.stats.evaluated++;
    let n: NormalizedEvent | null = null;
    const normalized = (): NormalizedEvent => (n ??= normalize(source.event));
    const a = assessed ?? this.#assess(normalized(), source);
    for (const name of a.suppressed)
      this.stats.suppressed[name] = (this.stats.suppressed[name] ?? 0) + 1;
    for (const reason of a.problems) this.#report(source, reason);
    this.#current = source;
    const ruleIds = a.matches.map((m) => m.ruleId);
    if (a.link && this.#linker.link(a.link, source, ruleIds)) {
      this.stats.linkedFollowUps++;
      return null;
    }
    if (a.matches.length === 0) return null;
    const alert = a.alert ?? buildAlert(normalized(), a.matches, source);
    if (a.alert) placeAlert(alert, source.event.auditID, source);
    this.#linker.register(a.link!, this.#trackLinks ? this.#linkView(alert) : alert);
    this.stats.alerts++;
    return alert;
  }

  #assess(n: NormalizedEvent, source: SourceEvent): Assessment {
    const problems: string[] = [];
    const found = this.ruleSet.match(n.document).map(toAlertMatch);
    for (const m of this.matchers) {
      // A detector that fails on this request must not take the Sigma matches down with it.
      try {
        found.push(...m.match(n, source));
      } catch (e) {
        problems.push(`evaluation failed: ${(e as Error).message}`);
      }
      for (const reason of m.takeProblems?.() ?? []) problems.push(reason);
    }
    const { kept, suppressed } = applyExceptions(n, found, this.exceptions);
    const needsLink = kept.length > 0 || n.facts.actor.type === 'controller';
    return {
      matches: kept,
      suppressed: suppressed.map((s) => s.exception.name),
      link: needsLink ? linkFacts(n) : null,
      problems,
    };
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
}
