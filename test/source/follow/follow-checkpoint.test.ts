import {
  appendFileSync,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditEvent } from '../../decode/samples.js';
import { tempDir } from '../collect.js';
import { append, follow, ids, line, waitFor } from './helpers.js';

interface Saved {
  files: Array<{ path: string; ino: string; offset: number; line: number; fingerprint: string }>;
}
const saved = (path: string): Saved => JSON.parse(readFileSync(path, 'utf8')) as Saved;

describe('Follower checkpoints', () => {
  it('resumes exactly after the last acknowledged event', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const checkpoint = join(dir, 'follow.json');
    append(path, ...ids('a', 10));
    const first = follow([path], { checkpoint }, { ack: false });
    await waitFor(() => first.ids().length === 10, 'ten events');
    first.follower.ack(first.items[5]!); // a0..a5 handled; a6..a9 delivered, not handled
    await first.stop();
    expect(saved(checkpoint).files).toEqual([
      expect.objectContaining({ path, offset: line('a0').length * 6, line: 6 }),
    ]);
    append(path, 'a10', 'a11');
    const second = follow([path], { checkpoint });
    await waitFor(
      () => second.ids().length === 6,
      () => `6 events, got ${second.events()}`,
    );
    await second.stop();
    expect(second.events()).toEqual(ids('a', 6, 6).map((id, i) => `${id}@audit.log:${i + 7}`));
    expect(second.problems()).toEqual([]);
    const third = follow([path], { checkpoint });
    append(path, 'a12');
    await waitFor(() => third.ids().length === 1, 'the event after everything acked');
    await third.stop();
    expect(third.events()).toEqual(['a12@audit.log:13']);
  });

  it('re-delivers a whole line when only some of its events were acknowledged', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const checkpoint = join(dir, 'follow.json');
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [] as unknown[] };
    list.items = ['l0', 'l1', 'l2'].map((auditID) => auditEvent({ auditID }));
    appendFileSync(path, `${line('a0')}${JSON.stringify(list)}\n`);
    const first = follow([path], { checkpoint }, { ack: false });
    await waitFor(() => first.ids().length === 4, 'four events');
    first.follower.ack(first.items[2]!); // l1: the line is not done until l2 is
    await first.stop();
    const second = follow([path], { checkpoint });
    await waitFor(() => second.ids().length === 3, 'the events of line 2');
    await second.stop();
    expect(second.events()).toEqual(['l0@audit.log:2', 'l1@audit.log:2', 'l2@audit.log:2']);
  });

  it('after a rotation while stopped, reads the rest of the renamed file, then the new one', async () => {
    for (const followDir of [false, true]) {
      const dir = tempDir();
      const path = join(dir, 'audit.log');
      const checkpoint = join(dir, 'state', 'follow.json');
      append(path, ...ids('a', 5));
      const target = followDir ? dir : path;
      const first = follow([target], { checkpoint });
      await waitFor(() => first.ids().length === 5, 'five events');
      await first.stop();
      expect(first.problems()).toEqual([]);
      append(path, 'a5', 'a6');
      const rotated = join(dir, 'audit-2026-11-02T09-00-00.000.log');
      renameSync(path, rotated);
      append(path, 'b0', 'b1');
      const second = follow([target], { checkpoint });
      await waitFor(
        () => second.ids().length === 4,
        () => `4 events, got ${second.events()}`,
      );
      await second.stop();
      expect(second.events()).toEqual([
        `a5@${rotated.slice(dir.length + 1)}:6`,
        `a6@${rotated.slice(dir.length + 1)}:7`,
        'b0@audit.log:1',
        'b1@audit.log:2',
      ]);
      expect(second.problems()).toEqual([]);
    }
  });

  it('does not take a new file that reuses a checkpointed inode for the old one', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const checkpoint = join(dir, 'follow.json');
    append(path, ...ids('a', 5));
    const first = follow([path], { checkpoint });
    await waitFor(() => first.ids().length === 5, 'five events');
    await first.stop();
    unlinkSync(path);
    append(path, ...ids('b', 8));
    // Filesystems reuse freed inodes at will; make sure this one "did", as the checkpoint sees it.
    const state = saved(checkpoint);
    state.files[0]!.ino = String(statSync(path, { bigint: true }).ino);
    writeFileSync(checkpoint, JSON.stringify({ version: 1, ...state }));
    const second = follow([path], { checkpoint });
    await waitFor(
      () => second.ids().length === 8,
      () => `8 events, got ${second.events()}`,
    );
    await second.stop();
    expect(second.ids()).toEqual(ids('b', 8));
    expect(second.problems()).toEqual([
      {
        file: 'audit.log',
        line: 0,
        reason: expect.stringMatching(/^not the file checkpointed with this device and inode/),
      },
    ]);
  });

  it('reports a file truncated while stopped and reads it from the start', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const checkpoint = join(dir, 'follow.json');
    append(path, ...ids('a', 5));
    const first = follow([path], { checkpoint });
    await waitFor(() => first.ids().length === 5, 'five events');
    await first.stop();
    writeFileSync(path, line('b0'));
    const second = follow([path], { checkpoint });
    await waitFor(() => second.ids().length === 1, 'the new event');
    await second.stop();
    expect(second.events()).toEqual(['b0@audit.log:1']);
    expect(second.problems()).toEqual([
      {
        file: 'audit.log',
        line: 0,
        reason: expect.stringMatching(/^truncated to \d+ bytes since/),
      },
    ]);
  });

  it('with --follow-from end, skips what a first run finds, but not files that come later', async () => {
    const dir = tempDir();
    const checkpoint = join(dir, 'state.json');
    append(join(dir, 'old.log'), 'old0', 'old1');
    appendFileSync(join(dir, 'old.log'), line('old2').slice(0, 30)); // still being written
    const first = follow([dir], { checkpoint, from: 'end' });
    await waitFor(() => existsSync(checkpoint), 'the checkpoint written after startup');
    append(join(dir, 'new.log'), 'new0');
    await waitFor(() => first.ids().length === 1, 'the event of the new file');
    appendFileSync(join(dir, 'old.log'), line('old2').slice(30));
    await waitFor(() => first.ids().length === 2, 'the completed line');
    await first.stop();
    expect(first.events()).toEqual(['new0@new.log:1', 'old2@old.log:3']);
    // Once a checkpoint exists, a file it does not know appeared while stopped: read it all.
    append(join(dir, 'later.log'), 'later0');
    const second = follow([dir], { checkpoint, from: 'end' });
    await waitFor(() => second.ids().length === 1, 'the file that appeared while stopped');
    await second.stop();
    expect(second.events()).toEqual(['later0@later.log:1']);
  });

  it('reports an unreadable checkpoint and reads every file from its start', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const checkpoint = join(dir, 'follow.json');
    writeFileSync(checkpoint, '{"version": 1, "files": [');
    append(path, 'a0');
    const f = follow([dir], { checkpoint, from: 'end' });
    await waitFor(() => f.ids().length === 1, 'the event');
    await f.stop();
    expect(f.problems()).toEqual([
      {
        file: 'follow.json',
        line: 0,
        reason: expect.stringMatching(
          /^checkpoint is not JSON: .*; reading every file from its start/,
        ),
      },
    ]);
    expect(saved(checkpoint).files).toHaveLength(1); // and the checkpoint itself is not followed
  });
});
