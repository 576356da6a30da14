import type { FastifyBaseLogger } from 'fastify';
import { Follower } from '../source/follow/index.js';
import type { FollowFrom, FollowItem } from '../source/follow/types.js';
import type { SourceEvent } from '../source/types.js';
import { IngestUnavailableError, type IngestPipeline } from './ingest.js';

export interface FollowIntoOptions {
  checkpoint: string;
  from: FollowFrom;
  logger: FastifyBaseLogger;
  /** Events per store write; a quiet moment also ends a batch. */
  batchSize?: number;
}

const TIMEOUT = Symbol('timeout');
// A pause this long in what the follower yields ends the batch: followed files are written
// in bursts, and an alert should not wait for the next one.
const IDLE_MS = 20;
const RETRY_MS = { first: 1_000, max: 30_000 };

/**
 * Tails audit log files into the ingest pipeline (`--follow`): micro-batches of what the
 * follower yields, acknowledged to the follower's checkpoint only once the pipeline recorded
 * them, so a restart repeats nothing recorded and misses nothing that was not.
 */
export function followInto(
  ingest: IngestPipeline,
  paths: string[],
  opts: FollowIntoOptions,
): { close(): Promise<void> } {
  const follower = new Follower(paths, { checkpoint: opts.checkpoint, from: opts.from });
  const log = opts.logger;
  const size = opts.batchSize ?? 400;
  let closing = false;

  // Acks are cumulative per file, so items are acknowledged only after the batch holding them
  // (problems included) was recorded, and in the order they came.
  const flush = async (batch: FollowItem[]): Promise<boolean> => {
    if (batch.length === 0) return true;
    const events = batch.filter((i): i is FollowItem & SourceEvent => i.kind === 'event');
    for (let wait = RETRY_MS.first; ; wait = Math.min(wait * 2, RETRY_MS.max)) {
      try {
        await ingest.submitEvents(events);
        break;
      } catch (e) {
        if (closing || !(e instanceof IngestUnavailableError)) {
          log.error(
            { err: e },
            'followed events not recorded: they will be read again after a restart',
          );
          return false;
        }
        log.warn({ err: e, retryInMs: wait }, 'store unavailable: followed events wait');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    for (const item of batch) follower.ack(item);
    return true;
  };

  const run = async (): Promise<void> => {
    const it = follower[Symbol.asyncIterator]();
    let next = it.next();
    let batch: FollowItem[] = [];
    for (;;) {
      const r =
        batch.length === 0
          ? await next
          : await Promise.race([
              next,
              new Promise<typeof TIMEOUT>((res) => setTimeout(() => res(TIMEOUT), IDLE_MS)),
            ]);
      const ended = r !== TIMEOUT && r.done === true;
      if (r === TIMEOUT || ended) {
        const ok = await flush(batch);
        batch = [];
        if (!ok || ended) return;
        continue;
      }
      next = it.next();
      const item = r.value;
      if (item.kind === 'problem')
        log.warn(
          `${item.file}:${item.line}${item.path ? ` ${item.path}` : ''}: skipped: ${item.reason}`,
        );
      batch.push(item);
      if (batch.length >= size) {
        const ok = await flush(batch);
        batch = [];
        if (!ok) return;
      }
    }
  };
  const done = run().catch((e: unknown) => log.error({ err: e }, 'log follower stopped'));
  log.info({ paths, checkpoint: opts.checkpoint }, 'following audit logs');

  return {
    async close() {
      closing = true;
      await follower.close();
      await done;
    },
  };
}
