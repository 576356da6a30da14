import { copyFileSync, renameSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../collect.js';
import { append, follow, ids, waitFor } from './helpers.js';

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));

/** Appends `total` events, renaming the log away every `every` events as the API server does. */
async function writeRotating(dir: string, total: number, every: number): Promise<void> {
  const path = join(dir, 'audit.log');
  for (let i = 0; i < total; i++) {
    append(path, `e${i}`);
    if (i % 7 === 0) await pause(); // let the follower read between writes
    if (i % every === every - 1) {
      renameSync(path, join(dir, `audit-2026-11-02T09-00-${String(i).padStart(2, '0')}.000.log`));
    }
  }
}

describe('Follower rotation', () => {
  it.each([
    ['the log file', (dir: string) => join(dir, 'audit.log')],
    ['the directory', (dir: string) => dir],
  ])(
    'follows rename rotation by a live writer through %s: nothing missed, nothing repeated, in order',
    async (_what, target) => {
      const dir = tempDir();
      append(join(dir, 'audit.log'), 'first');
      const f = follow([target(dir)]);
      await waitFor(() => f.ids().length === 1, 'the first event');
      await writeRotating(dir, 300, 40);
      await waitFor(
        () => f.ids().length >= 301,
        () => `301 events, got ${f.ids().length}`,
      );
      // Give a repeat the chance to show up: one more write seen means a full round went by.
      append(join(dir, 'audit.log'), 'last');
      await waitFor(() => f.ids().includes('last'), 'the last event');
      await f.stop();
      expect(f.ids()).toEqual(['first', ...ids('e', 300), 'last']);
      expect(f.problems()).toEqual([]);
    },
  );

  it('starts again from the beginning after copy-truncate, and reports it', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    append(path, ...ids('a', 20));
    const f = follow([path]);
    await waitFor(() => f.ids().length === 20, 'the events before the truncation');
    copyFileSync(path, join(dir, 'audit.log.1'));
    truncateSync(path, 0);
    append(path, ...ids('b', 5));
    await waitFor(
      () => f.ids().length === 25,
      () => `25 events, got ${f.events().join(' ')}`,
    );
    await f.stop();
    expect(f.events().slice(20)).toEqual(ids('b', 5).map((id, i) => `${id}@audit.log:${i + 1}`));
    expect(f.ids().slice(0, 20)).toEqual(ids('a', 20));
    expect(f.problems()).toEqual([
      {
        file: 'audit.log',
        line: 0,
        reason: expect.stringMatching(
          /^truncated to \d+ bytes or rewritten after line 20 \(copy-truncate rotation\?\): reading it again from the start/,
        ),
      },
    ]);
  });

  it('sees copy-truncate even when the file regrew past the old size before it looked', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    append(path, ...ids('a', 3));
    const f = follow([path], { pollIntervalMs: 30, watch: false });
    await waitFor(() => f.ids().length === 3, 'the events before the truncation');
    const before = statSync(path).size;
    truncateSync(path, 0);
    append(path, ...ids('b', 10)); // in one write: longer than before, so size alone hides it
    expect(statSync(path).size).toBeGreaterThan(before);
    await waitFor(
      () => f.ids().length === 13,
      () => `13 events, got ${f.events().join(' ')}`,
    );
    await f.stop();
    expect(f.ids()).toEqual([...ids('a', 3), ...ids('b', 10)]);
    expect(f.problems()).toHaveLength(1);
  });

  it('copy-truncate while a writer keeps appending: every event after the last read is read', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const f = follow([path]);
    append(path, 'x');
    await waitFor(() => f.ids().length === 1, 'the first event');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 30; i++) {
        append(path, `r${round}-${i}`);
        if (i % 5 === 0) await pause();
      }
      // The copy holds what the follower may not have read yet: wait until it has read it all.
      await waitFor(() => f.ids().includes(`r${round}-29`), `round ${round}`);
      copyFileSync(path, join(dir, `audit.log.${round + 1}`));
      truncateSync(path, 0);
    }
    append(path, 'end');
    await waitFor(() => f.ids().includes('end'), 'the last event');
    await f.stop();
    const expected = ['x', ...[0, 1, 2].flatMap((r) => ids(`r${r}-`, 30)), 'end'];
    expect(f.ids()).toEqual(expected);
    expect(f.problems()).toHaveLength(3);
  });
});
