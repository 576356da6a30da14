import type { Alert } from '../alert/types.js';

/**
 * Why an alert never reached a sink's destination without a delivery attempt failing:
 * `queueFull` (the sink's bounded queue overflowed), `closed` (sent after `close()`),
 * `shutdown` (still queued or in flight when `close()` gave up waiting).
 */
export type DropReason = 'queueFull' | 'closed' | 'shutdown';
export const DROP_REASONS: readonly DropReason[] = ['queueFull', 'closed', 'shutdown'];

/** Counters per sink; every alert given to `send` ends in exactly one of them (or the queue). */
export interface SinkStats {
  /** Alerts delivered (written, or answered with 2xx). */
  sent: number;
  /** Alerts given up on after their last attempt failed (or a non-retryable answer). */
  failed: number;
  /** Re-attempts, counted per alert (a retried batch of 10 adds 10). */
  retried: number;
  dropped: Record<DropReason, number>;
  /** Alerts below the sink's `minSeverity`: not for this sink, so neither sent nor dropped. */
  filtered: number;
  /** Alerts waiting in the queue, not counting those being delivered. */
  queueDepth: number;
  /** Alerts of the delivery in progress. */
  inFlight: number;
  /** Why the most recent attempt failed, for health checks; null after a success. */
  lastError: string | null;
}

/** The part of pino's logger sinks use: `logger.warn({ sink, alertId, … }, 'message')`. */
export interface SinkLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  info?(obj: Record<string, unknown>, msg: string): void;
}

/** Where alerts go. Implementations never block or throw from `send`. */
export interface Sink {
  readonly name: string;
  readonly type: string;
  /** Queues the alert and returns at once; overflow and errors are counted, never thrown. */
  send(alert: Alert): void;
  /** Resolves once every alert sent so far has been delivered, failed or dropped. */
  flush(): Promise<void>;
  /**
   * Stops accepting alerts, waits up to `timeoutMs` for the queue to drain, then abandons the
   * rest (counted as dropped `shutdown`) and releases files and connections. Never rejects.
   */
  close(timeoutMs?: number): Promise<void>;
  stats(): SinkStats;
}

/** Outcome of one delivery attempt of a batch. */
export type DeliveryResult =
  | { ok: true }
  | {
      ok: false;
      /** The first `done` alerts of the batch were delivered before the failure. */
      done?: number;
      retryable: boolean;
      /** The receiver asked to wait this long (Retry-After). */
      retryAfterMs?: number;
      status?: number;
      reason: string;
    };

/** Moves a batch of alerts to one destination; the queue, retries and counting live elsewhere. */
export interface Transport {
  /** Most alerts handed to one `deliver` call. */
  readonly maxBatch: number;
  /** For log lines: where alerts go, with secrets (Slack URL paths) left out. */
  readonly target: string;
  /** Must not throw; `signal` aborts at shutdown. */
  deliver(alerts: readonly Alert[], signal: AbortSignal): Promise<DeliveryResult>;
  close(): Promise<void>;
}
