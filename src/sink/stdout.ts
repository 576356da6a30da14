import type { Writable } from 'node:stream';
import type { Alert } from '../alert/types.js';
import { formatAlertJson } from './json.js';
import type { DeliveryResult, Transport } from './types.js';

export interface StdoutTransportOptions {
  /** Defaults to process.stdout; tests pass their own stream. */
  stream?: Writable;
  maxBatch?: number;
}

// Errors that will not go away by writing again: the reader is gone.
const PERMANENT = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/**
 * JSON lines on stdout, byte for byte what `scan --format json` prints. Waits for `drain` so a
 * slow reader backs up this sink's bounded queue, not the process's memory.
 */
export function stdoutTransport(options: StdoutTransportOptions = {}): Transport {
  const stream = options.stream ?? process.stdout;
  let broken: Error | null = null;
  // Without a listener an EPIPE on stdout is an uncaught exception that would end `serve`.
  const onError = (e: Error): void => {
    broken = e;
  };
  stream.on('error', onError);
  return {
    maxBatch: options.maxBatch ?? 100,
    target: 'stdout',
    async deliver(alerts: readonly Alert[], signal: AbortSignal): Promise<DeliveryResult> {
      if (broken) return failure(broken);
      const chunk = alerts.map(formatAlertJson).join('');
      try {
        await write(stream, chunk, signal);
        return { ok: true };
      } catch (e) {
        return failure(e as Error);
      }
    },
    async close(): Promise<void> {
      stream.off('error', onError);
    },
  };
}

function failure(e: Error): DeliveryResult {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return { ok: false, retryable: !PERMANENT.has(code), reason: `stdout: ${e.message}` };
}

function write(stream: Writable, chunk: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let flushed = false;
    let drained = true;
    const cleanup = (): void => {
      stream.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
    };
    const settle = (): void => {
      if (flushed && drained) {
        cleanup();
        resolve();
      }
    };
    const onDrain = (): void => {
      drained = true;
      settle();
    };
    const onAbort = (): void => {
      cleanup();
      reject(new Error('aborted at shutdown while waiting for stdout to drain'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    drained = stream.write(chunk, (err) => {
      if (err) {
        cleanup();
        reject(err);
        return;
      }
      flushed = true;
      settle();
    });
    if (!drained) stream.once('drain', onDrain);
  });
}
