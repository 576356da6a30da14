import type { SinkLogger } from '../../../src/sink/types.js';

export interface LogLine {
  obj: Record<string, unknown>;
  msg: string;
}

/** A pino-shaped logger that keeps what it was told. */
export function memoryLogger(): SinkLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    warn: (obj, msg) => lines.push({ obj, msg }),
    info: (obj, msg) => lines.push({ obj, msg }),
  };
}

/** Retries without waiting, remembering each requested delay. */
export function instantSleep(): {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  delays: number[];
} {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms);
      signal.throwIfAborted();
    },
  };
}
