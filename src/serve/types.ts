import type { FastifyBaseLogger } from 'fastify';
import type { AdmissionEvaluator } from '../admission/decide.js';
import type { CompiledException } from '../config/exceptions.js';
import type { EventMatcher } from '../detect/engine.js';
import type { SinkDispatcher } from '../sink/index.js';
import type { CompiledRuleSet } from '../sigma/index.js';
import type { AlertStore } from '../store/types.js';

/**
 * What the detection side of the server is built from. Swapped as a whole on a reload (SIGHUP
 * or a changed rule/config file), so requests in flight finish on the set they started with.
 */
export interface DetectionSet {
  ruleSet: CompiledRuleSet;
  exceptions: readonly CompiledException[];
  /** Extra detectors (EQL queries), as `scan --eql` uses them. */
  matchers: readonly EventMatcher[];
  admission: AdmissionEvaluator;
}

/** The server's collaborators, made by `cronwarden serve` (or a test). */
export interface ServerDeps {
  store: AlertStore;
  sinks: SinkDispatcher;
  /** The current detection set; read on every request. */
  detection: () => DetectionSet;
  logger: FastifyBaseLogger;
}

/** How the server listens and whom it trusts. */
export interface ServerOptions {
  /** PEM texts (already read), so a bad path fails at startup, not on first request. */
  tls?: { cert: string; key: string; clientCa?: string };
  /** Bearer token the audit webhook requires; none: the webhook takes any caller. */
  auditToken?: string;
  /** Largest request body accepted, in bytes (413 above it). */
  bodyLimitBytes: number;
  /**
   * Audit batches accepted but not yet processed; past it the webhook answers 503 with
   * Retry-After before reading the body, so memory is bounded by this times the body limit.
   */
  maxQueuedBatches?: number;
  /** How long `close()` lets the sinks drain before abandoning alerts. Default 10 s. */
  shutdownTimeoutMs?: number;
}
