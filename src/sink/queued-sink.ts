import { setTimeout as delay } from 'node:timers/promises';
import type { Alert, Severity } from '../alert/types.js';
import { severityRank } from '../alert/severity.js';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './backoff.js';
import { RingQueue, type WhenFull } from './ring-queue.js';
import type {
  DeliveryResult,
  DropReason,
  Sink,
  SinkLogger,
  SinkStats,
  Transport,
} from './types.js';

export interface QueueOptions {
  maxSize: number;
  whenFull: WhenFull;
}

export const DEFAULT_QUEUE: QueueOptions = { maxSize: 10_000, whenFull: 'dropOldest' };
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/** Collaborators a sink needs from its host; tests replace `sleep` and `random`. */
export interface SinkRuntime {
  logger: SinkLogger;
  /** Waits between retries; must reject when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface QueuedSinkOptions {
  name: string;
  type: string;
  queue?: Partial<QueueOptions>;
  retry?: Partial<RetryPolicy>;
  minSeverity?: Severity;
  closeTimeoutMs?: number;
}

/**
 * A sink as a bounded queue plus one worker: `send` only enqueues, and the worker delivers batches
 * through the transport, retrying with backoff. One worker per sink is what keeps a slow receiver
 * from delaying ingestion or any other sink; the queue bound is what keeps its backlog finite.
 */
export class QueuedSink implements Sink {
  readonly name: string;
  readonly type: string;
  private readonly queue: RingQueue<Alert>;
  private readonly retry: RetryPolicy;
  private readonly minRank: number;
  private readonly closeTimeoutMs: number;
  private readonly logger: SinkLogger;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly abort = new AbortController();
  private readonly counts = { sent: 0, failed: 0, retried: 0, filtered: 0 };
  private readonly dropped: Record<DropReason, number> = { queueFull: 0, closed: 0, shutdown: 0 };
  private inFlight: readonly Alert[] = [];
  private lastError: string | null = null;
  private worker: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private closing: Promise<void> | null = null;

  constructor(
    private readonly transport: Transport,
    options: QueuedSinkOptions,
    runtime: SinkRuntime,
  ) {
    this.name = options.name;
    this.type = options.type;
    const q = { ...DEFAULT_QUEUE, ...options.queue };
    this.queue = new RingQueue(q.maxSize, q.whenFull);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.minRank = options.minSeverity ? severityRank(options.minSeverity) : -Infinity;
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.logger = runtime.logger;
    this.sleep = runtime.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.random = runtime.random ?? Math.random;
  }

  send(alert: Alert): void {
    try {
      if (this.closing) return this.drop([alert], 'closed');
      if (severityRank(alert.severity) < this.minRank) {
        this.counts.filtered++;
        return;
      }
      const evicted = this.queue.push(alert);
      if (evicted) this.drop([evicted], 'queueFull');
      this.startWorker();
    } catch (e) {
      // A logger that throws must not reach the caller: ingestion never stops for a sink.
      this.lastError = `send: ${(e as Error)?.message ?? String(e)}`;
    }
  }

  flush(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(timeoutMs = this.closeTimeoutMs): Promise<void> {
    this.closing ??= this.shutdown(timeoutMs);
    return this.closing;
  }

  stats(): SinkStats {
    return {
      ...this.counts,
      dropped: { ...this.dropped },
      queueDepth: this.queue.size,
      inFlight: this.inFlight.length,
      lastError: this.lastError,
    };
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    const timer = new AbortController();
    await Promise.race([
      this.flush(),
      delay(timeoutMs, undefined, { signal: timer.signal }).catch(() => {}),
    ]);
    timer.abort();
    this.abort.abort();
    await this.worker;
    this.drop(this.queue.take(this.queue.size), 'shutdown');
    try {
      await this.transport.close();
    } catch (e) {
      this.warn({ reason: (e as Error).message }, 'sink did not close cleanly');
    }
    this.wakeIdle();
  }

  private idle(): boolean {
    return this.queue.size === 0 && this.inFlight.length === 0;
  }

  private startWorker(): void {
    if (this.worker) return;
    // setImmediate, not a direct call: the first delivery must not run inside `send`.
    this.worker = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.work())
      .catch((e: unknown) => {
        this.lastError = `worker: ${(e as Error)?.message ?? String(e)}`;
        this.warn({ reason: this.lastError }, 'sink worker failed');
      })
      .finally(() => {
        this.worker = null;
        // An alert queued while the worker was finishing still needs a worker.
        if (this.queue.size > 0 && !this.abort.signal.aborted) this.startWorker();
        else this.wakeIdle();
      });
  }

  private async work(): Promise<void> {
    while (this.queue.size > 0 && !this.abort.signal.aborted) {
      this.inFlight = this.queue.take(this.transport.maxBatch);
      try {
        await this.deliverWithRetries(this.inFlight);
      } finally {
        this.inFlight = [];
      }
    }
  }

  private async deliverWithRetries(batch: readonly Alert[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(pending);
      if (result.ok) {
        this.counts.sent += pending.length;
        this.lastError = null;
        return;
      }
      const done = Math.min(Math.max(0, result.done ?? 0), pending.length);
      this.counts.sent += done;
      pending = pending.slice(done);
      this.lastError = result.reason;
      if (this.abort.signal.aborted) return this.drop(pending, 'shutdown', result.reason);
      if (!result.retryable || attempt >= this.retry.maxAttempts) {
        this.counts.failed += pending.length;
        this.warn(
          {
            ...ids(pending),
            attempts: attempt,
            status: result.status,
            retryable: result.retryable,
            reason: result.reason,
          },
          result.retryable ? 'alert delivery failed after retries' : 'alert delivery refused',
        );
        return;
      }
      const wait = retryDelay(this.retry, attempt, result.retryAfterMs, this.random);
      try {
        await this.sleep(wait, this.abort.signal);
      } catch {
        return this.drop(pending, 'shutdown', result.reason);
      }
      this.counts.retried += pending.length;
    }
  }

  private async attempt(alerts: readonly Alert[]): Promise<DeliveryResult> {
    try {
      return await this.transport.deliver(alerts, this.abort.signal);
    } catch (e) {
      return { ok: false, retryable: true, reason: (e as Error)?.message ?? String(e) };
    }
  }

  private drop(alerts: readonly Alert[], reason: DropReason, cause?: string): void {
    for (const a of alerts) {
      this.dropped[reason]++;
      this.warn(
        { alertId: a.id, auditID: a.auditID, severity: a.severity, dropReason: reason, cause },
        `alert dropped (${DROP_WHY[reason]})`,
      );
    }
  }

  private warn(fields: Record<string, unknown>, msg: string): void {
    try {
      this.logger.warn(
        { sink: this.name, sinkType: this.type, target: this.transport.target, ...fields },
        msg,
      );
    } catch {
      // The logger failing is no reason to stop delivering.
    }
  }

  private wakeIdle(): void {
    if (!this.idle() && !this.abort.signal.aborted) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

const DROP_WHY: Record<DropReason, string> = {
  queueFull: 'sink queue full',
  closed: 'sink already closed',
  shutdown: 'still undelivered at shutdown',
};

function ids(alerts: readonly Alert[]): Record<string, unknown> {
  return alerts.length === 1
    ? { alertId: alerts[0]!.id, auditID: alerts[0]!.auditID }
    : { alertIds: alerts.map((a) => a.id), alerts: alerts.length };
}
