import type { Alert } from '../alert/types.js';
import type { Sink, SinkStats } from './types.js';

/**
 * Fans each alert out to every sink. Sinks queue and deliver on their own workers, so `dispatch`
 * costs one enqueue per sink and a slow or broken sink delays neither ingestion nor the others.
 */
export class SinkDispatcher {
  private readonly sinks: readonly Sink[];

  constructor(sinks: readonly Sink[]) {
    const names = new Set<string>();
    for (const s of sinks) {
      if (names.has(s.name)) throw new Error(`two sinks are named "${s.name}"`);
      names.add(s.name);
    }
    this.sinks = [...sinks];
  }

  dispatch(alert: Alert): void {
    for (const s of this.sinks) {
      try {
        s.send(alert);
      } catch {
        // Sink.send never throws by contract; this guards the other sinks against a broken one.
      }
    }
  }

  /** Resolves when every sink has delivered, failed or dropped everything dispatched so far. */
  async flush(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.flush()));
  }

  /** Closes every sink in parallel, each within its own (or the given) drain timeout. */
  async close(timeoutMs?: number): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close(timeoutMs)));
  }

  stats(): Record<string, SinkStats> {
    return Object.fromEntries(this.sinks.map((s) => [s.name, s.stats()]));
  }
}
