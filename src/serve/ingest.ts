import type { FastifyBaseLogger } from 'fastify';
import type { Alert } from '../alert/types.js';
import type { DispatchResult } from '../decode/index.js';
import { DetectionEngine, type LinkedFollowUp, type RaisedAlert } from '../detect/engine.js';
import type { SourceEvent, SourcePosition, SourceProblem } from '../source/types.js';
import type { Batch, BatchResult, RawEvent } from '../store/types.js';
import type { ServerMetrics } from './metrics.js';
import type { DetectionSet, ServerDeps } from './types.js';
import { decodeWebhookBody } from './webhook-body.js';

/** What one webhook batch came to; the route answers it as the 200 body. */
export interface BatchOutcome {
  received: number;
  processed: number;
  malformed: number;
  skipped: number;
  alerts: number;
  followUps: number;
}

/** The batch was not recorded: answer 5xx so the API server sends it again. */
export class IngestUnavailableError extends Error {
  readonly statusCode = 503;
}

const MAX_LOGGED_PROBLEMS = 10;
// The follow-up linker's own bound is larger; these are the parents most likely still spawning.
const RESTORE_ALERTS = 10_000;
// About a millisecond of evaluation between yields on this kind of machine.
const YIELD_EVERY = 100;

/**
 * The audit webhook's processing: ONE DetectionEngine for the process lifetime, fed strictly one
 * batch at a time in arrival order (the engine is stateful: stage de-duplication and follow-up
 * linking), and nothing acknowledged before the store has it.
 *
 * A failed write leaves the engine having seen the batch: it would treat the API server's retry
 * as duplicates and raise nothing. So what a failed write held is kept ("unrecorded") and written
 * first when the next batch comes; until that succeeds, new batches are refused without reaching
 * the engine. That bounds what is held to one batch and makes the retry complete the record; the
 * store's idempotency by auditID makes writing something twice harmless.
 */
export class IngestPipeline {
  readonly #engine: DetectionEngine;
  #set: DetectionSet;
  #tail: Promise<unknown> = Promise.resolve();
  #unrecorded: { batch: Batch; alerts: Alert[] } | null = null;
  #batches = 0;
  #queued = 0;
  #writeFailed = false;
  #closed = false;
  readonly #log: FastifyBaseLogger;

  constructor(
    private readonly deps: ServerDeps,
    private readonly metrics: ServerMetrics,
  ) {
    this.#set = deps.detection();
    this.#engine = new DetectionEngine(
      this.#set.ruleSet,
      this.#set.exceptions,
      this.#set.matchers,
      // Live: a watch or exec session is judged when it starts, not hours later when it ends.
      { trackLinks: true, startedIsFinal: true },
    );
    this.#log = deps.logger;
  }

  /**
   * Queues a webhook body, the JSON text of an EventList, Event or array; resolves once its
   * alerts are durable, rejects with IngestUnavailableError (answer 503) or BadBatchError (not
   * JSON or not an audit batch: answer 400).
   */
  submit(text: string): Promise<BatchOutcome> {
    if (this.#closed) return Promise.reject(new IngestUnavailableError('server is shutting down'));
    const batchNo = ++this.#batches;
    // Parsed only when its turn comes: a parsed batch (some 20,000 objects for 400 events)
    // waiting behind others would survive young-generation collections and be copied and
    // promoted to the old generation, which costs more than the parse.
    return this.#exclusive(() => this.#process(decodeWebhookBody(text, batchNo), batchNo));
  }

  /**
   * Events already decoded elsewhere (the log follower), with their file:line positions; the
   * same processing and durability promise as a webhook batch.
   */
  submitEvents(events: SourceEvent[]): Promise<BatchOutcome> {
    if (this.#closed) return Promise.reject(new IngestUnavailableError('server is shutting down'));
    const batchNo = ++this.#batches;
    // A copy: processing lets go of events as it goes, and the follower resubmits its own list.
    const decoded: DispatchResult = {
      events: [...events],
      problems: [],
      skipped: [],
      format: 'native',
    };
    return this.#exclusive(() => this.#process(decoded, batchNo));
  }

  /**
   * Shutdown: refuses new batches, waits for queued ones, then evaluates requests still waiting
   * for their final stage (`flush()`) and records what that raises. Never rejects.
   */
  async drain(): Promise<void> {
    this.#closed = true;
    await this.#exclusive(async () => {
      const raised = this.#engine.flush();
      const linked = this.#engine.takeLinked();
      this.#reportEngineProblems(-1);
      if (raised.length === 0 && linked.length === 0 && !this.#unrecorded) return;
      try {
        await this.#recordPending();
        await this.#record(raised, linked);
      } catch (e) {
        this.#log.error({ err: e }, 'alerts raised at shutdown could not be recorded');
      }
    }).catch(() => undefined);
  }

  /**
   * After a restart the engine's linking memory is empty: the newest stored alerts become
   * parents again, so Jobs and Pods their CronJobs keep spawning are linked as before, not
   * raised as new alerts. Returns how many were restored.
   */
  async restore(maxAlerts = RESTORE_ALERTS): Promise<number> {
    let restored = 0;
    let cursor: string | undefined;
    while (restored < maxAlerts) {
      const page = await this.deps.store.listAlerts({
        limit: Math.min(1000, maxAlerts - restored),
        ...(cursor ? { cursor } : {}),
      });
      // Oldest first, so the newest alert wins where two claim the same object.
      for (const alert of [...page.alerts].reverse()) {
        const raw = (await this.deps.store.getRawEvents(alert.id)).find(
          (r) => r.auditID === alert.auditID && !r.truncated,
        );
        if (!raw) continue;
        try {
          this.#engine.remember(alert, JSON.parse(raw.event) as SourceEvent['event']);
          restored++;
        } catch (e) {
          this.#log.warn({ err: e, alertId: alert.id }, 'stored alert not restored for linking');
        }
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    if (restored > 0) this.#log.info({ restored }, 'stored alerts restored for follow-up linking');
    return restored;
  }

  /** Batches accepted and not finished: the webhook sheds new ones past a bound. */
  get queued(): number {
    return this.#queued;
  }

  /** A batch's alerts are held because the store refused them: readiness reports it. */
  get storeFailing(): boolean {
    return this.#writeFailed;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.#queued++;
    const run = this.#tail.then(work).finally(() => this.#queued--);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #process(decoded: DispatchResult, batchNo: number): Promise<BatchOutcome> {
    const started = process.hrtime.bigint();
    const received = decoded.events.length + decoded.problems.length + decoded.skipped.length;
    this.metrics.eventsReceived.inc(received);
    this.#logProblems(batchNo, decoded.problems);
    this.metrics.eventsDropped.inc({ reason: 'malformed' }, decoded.problems.length);
    this.metrics.eventsDropped.inc({ reason: 'skipped' }, decoded.skipped.length);
    try {
      await this.#recordPending();
    } catch (e) {
      this.metrics.eventsDropped.inc({ reason: 'unrecorded' }, decoded.events.length);
      throw e;
    }
    this.#useCurrentDetection();
    const raised: RaisedAlert[] = [];
    const events: (SourceEvent | undefined)[] = decoded.events;
    const count = events.length;
    for (let i = 0; i < count; i++) {
      raised.push(...this.#engine.process(events[i]!));
      // Evaluated events are let go of (the engine keeps those it still needs). V8 tends to
      // collect the young generation at the yields below; with the whole batch reachable it
      // copied and promoted all of it each time, up to a fifth of the server's CPU time.
      events[i] = undefined;
      // A big batch must not hold the event loop: admission reviews wait behind it.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
    }
    const linked = this.#engine.takeLinked();
    this.metrics.eventsProcessed.inc(count);
    this.#reportEngineProblems(batchNo);
    this.metrics.evaluation.observe(
      { endpoint: 'audit' },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    await this.#record(raised, linked);
    return {
      received,
      processed: count,
      malformed: decoded.problems.length,
      skipped: decoded.skipped.length,
      alerts: raised.length,
      followUps: linked.length,
    };
  }

  /** A reload swapped the set: the same engine (and its state) goes on with the new rules. */
  #useCurrentDetection(): void {
    const set = this.deps.detection();
    if (set === this.#set) return;
    this.#engine.replaceDetection(set.ruleSet, set.exceptions, set.matchers);
    this.#set = set;
    this.#log.info('detection rules reloaded into the audit pipeline');
  }

  async #record(raised: RaisedAlert[], linked: LinkedFollowUp[]): Promise<void> {
    if (raised.length === 0 && linked.length === 0) return;
    const rawEvents: RawEvent[] = [];
    for (const { source } of [...raised, ...linked])
      if (source.event.auditID)
        rawEvents.push({ auditID: source.event.auditID, event: source.event });
    const alerts = raised.map((r) => r.alert);
    const batch: Batch = {
      alerts,
      followUps: linked.map(({ alertId, event }) => ({ alertId, event })),
      rawEvents,
    };
    this.metrics.followUps.inc(linked.length);
    this.#unrecorded = { batch, alerts };
    await this.#recordPending();
  }

  /** Writes what is held; on success dispatches the alerts that are new to the store. */
  async #recordPending(): Promise<void> {
    const pending = this.#unrecorded;
    if (!pending) return;
    let result: BatchResult;
    let fresh: Alert[];
    try {
      fresh = await this.#newAlerts(pending.alerts);
      result = await this.deps.store.recordBatch(pending.batch);
    } catch (e) {
      this.#writeFailed = true;
      this.#log.error({ err: e }, 'audit batch not recorded: answering 503 so it is sent again');
      // The client learns only that it should retry; paths and SQLite errors stay in the log.
      throw new IngestUnavailableError(
        'alert store unavailable: the batch will be accepted on retry',
        {
          cause: e,
        },
      );
    }
    this.#unrecorded = null;
    this.#writeFailed = false;
    this.#log.debug({ ...result }, 'audit batch recorded');
    for (const alert of fresh) {
      this.metrics.alertRecorded(alert, 'audit');
      // One line per new alert: what an operator tailing the logs (or a newcomer) sees arrive.
      this.#log.info(
        {
          alertId: alert.id,
          severity: alert.severity,
          object: alert.object,
          user: alert.user.username,
        },
        `alert: ${alert.severity} ${alert.title}`,
      );
      // A copy: the engine keeps linking follow-ups into the live alert after it was sent.
      this.deps.sinks.dispatch(structuredClone(alert));
    }
  }

  /**
   * Alerts the store does not have yet. After a crash the API server re-sends batches whose
   * alerts may already be stored; they are not dispatched to sinks a second time.
   */
  async #newAlerts(alerts: Alert[]): Promise<Alert[]> {
    const out: Alert[] = [];
    for (const alert of alerts) if (!(await this.deps.store.getAlert(alert.id))) out.push(alert);
    return out;
  }

  #logProblems(batch: number, problems: SourceProblem[]): void {
    for (const p of problems.slice(0, MAX_LOGGED_PROBLEMS))
      this.#log.warn(
        { batch, path: pathOf(p), reason: p.reason },
        'malformed event in audit batch',
      );
    if (problems.length > MAX_LOGGED_PROBLEMS)
      this.#log.warn(
        { batch, more: problems.length - MAX_LOGGED_PROBLEMS },
        'more malformed events in audit batch',
      );
  }

  #reportEngineProblems(batch: number): void {
    const problems = this.#engine.takeProblems();
    this.metrics.eventsDropped.inc({ reason: 'evaluation_error' }, problems.length);
    for (const { event, reason } of problems.slice(0, MAX_LOGGED_PROBLEMS))
      this.#log.warn(
        { batch, path: pathOf(event), auditID: event.event.auditID ?? null, reason },
        'audit event not fully evaluated',
      );
  }
}

function pathOf(p: SourcePosition): string {
  return p.path ?? '$';
}
