import { appendFileSync } from 'node:fs';
import { Follower } from '../../../src/source/follow/index.js';
import type { FollowItem, FollowOptions } from '../../../src/source/follow/index.js';
import { auditEvent } from '../../decode/samples.js';

/** One native audit event line, LF included. */
export function line(auditID: string): string {
  return `${JSON.stringify(auditEvent({ auditID }))}\n`;
}

export function append(path: string, ...ids: string[]): void {
  appendFileSync(path, ids.map(line).join(''));
}

/** Fast polling and short grace so tests settle quickly; assertions never depend on timing. */
export const FAST: FollowOptions = {
  pollIntervalMs: 30,
  checkpointIntervalMs: 30,
  rotatedGraceMs: 150,
};

export interface Following {
  follower: Follower;
  items: FollowItem[];
  /** `id@file:line` of the events, in delivery order. */
  events(): string[];
  ids(): string[];
  problems(): Array<{ file: string; line: number; reason: string }>;
  stop(): Promise<void>;
}

/** Starts a follower and a consumer that collects (and, unless told not to, acks) every item. */
export function follow(
  paths: string[],
  options: FollowOptions = {},
  consumer: { ack?: boolean } = {},
): Following {
  const follower = new Follower(paths, { ...FAST, ...options });
  const items: FollowItem[] = [];
  const done = (async () => {
    for await (const item of follower) {
      items.push(item);
      if (consumer.ack !== false) follower.ack(item);
    }
  })();
  return {
    follower,
    items,
    events: () =>
      items.flatMap((i) =>
        i.kind === 'event' ? [`${i.event.auditID}@${baseName(i.file)}:${i.line}`] : [],
      ),
    ids: () => items.flatMap((i) => (i.kind === 'event' ? [i.event.auditID ?? ''] : [])),
    problems: () =>
      items.flatMap((i) =>
        i.kind === 'problem' ? [{ file: baseName(i.file), line: i.line, reason: i.reason }] : [],
      ),
    stop: async () => {
      await follower.close();
      await done;
    },
  };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Polls `condition` until it holds; fails after `timeoutMs` with `what` in the message. */
export async function waitFor(
  condition: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `prefix0 … prefix{n-1}`. */
export function ids(prefix: string, n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);
}
