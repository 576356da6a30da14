import { appendFileSync, existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Follower } from '../../../src/source/follow/index.js';
import { tempDir } from '../collect.js';
import { append, follow, ids, line, waitFor } from './helpers.js';

describe('Follower reading', () => {
  it('reads what is there, then each append, in order with line numbers', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    append(path, 'a0', 'a1');
    const f = follow([path]);
    await waitFor(() => f.ids().length === 2, 'the first two events');
    for (const id of ids('b', 5)) append(path, id);
    await waitFor(
      () => f.ids().length === 7,
      () => `7 events, got ${f.events().join(' ')}`,
    );
    await f.stop();
    expect(f.events()).toEqual([
      'a0@audit.log:1',
      'a1@audit.log:2',
      ...ids('b', 5).map((id, i) => `${id}@audit.log:${i + 3}`),
    ]);
    expect(f.problems()).toEqual([]);
    expect(f.items[0]).toMatchObject({ kind: 'event', file: path, format: 'native' });
  });

  it('holds a line without its LF until it is completed', async () => {
    const dir = tempDir();
    const path = join(dir, 'a.log');
    const marker = join(dir, 'b.log');
    writeFileSync(path, '');
    writeFileSync(marker, '');
    const f = follow([path, marker]);
    const text = line('partial');
    appendFileSync(path, text.slice(0, 40));
    append(marker, 'm0');
    // a.log is read before b.log in every round, so its half line has been seen by now.
    await waitFor(() => f.ids().includes('m0'), 'the marker event');
    expect(f.ids()).toEqual(['m0']);
    appendFileSync(path, text.slice(40, -1));
    append(marker, 'm1');
    await waitFor(() => f.ids().includes('m1'), 'the second marker event');
    expect(f.ids()).toEqual(['m0', 'm1']);
    appendFileSync(path, '\n');
    await waitFor(() => f.ids().includes('partial'), 'the completed line');
    await f.stop();
    expect(f.events()).toEqual(['m0@b.log:1', 'm1@b.log:2', 'partial@a.log:1']);
    expect(f.problems()).toEqual([]);
  });

  it('reports a malformed line with file:line and reads on', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    append(path, 'a0');
    const f = follow([path]);
    await waitFor(() => f.ids().length === 1, 'the first event');
    appendFileSync(path, '{"kind":"Event", broken\n');
    append(path, 'a2');
    await waitFor(() => f.ids().length === 2, 'the event after the bad line');
    await f.stop();
    expect(f.events()).toEqual(['a0@audit.log:1', 'a2@audit.log:3']);
    expect(f.problems()).toEqual([
      { file: 'audit.log', line: 2, reason: expect.stringMatching(/JSON/) },
    ]);
    expect(f.items.map((i) => i.kind)).toEqual(['event', 'problem', 'event']);
  });

  it('skips a line over the cap, written in pieces, without holding it', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    append(path, 'a0');
    const f = follow([path], { maxLineBytes: 1024 });
    await waitFor(() => f.ids().length === 1, 'the first event');
    for (let i = 0; i < 5; i++) appendFileSync(path, 'x'.repeat(1000));
    appendFileSync(path, '\n');
    append(path, 'a2');
    await waitFor(() => f.ids().length === 2, 'the event after the long line');
    await f.stop();
    expect(f.events()).toEqual(['a0@audit.log:1', 'a2@audit.log:3']);
    expect(f.problems()).toEqual([
      { file: 'audit.log', line: 2, reason: 'line of 4.9 KiB is over the 1 KiB limit: not read' },
    ]);
  });

  it('follows new files in a followed directory, leaving other names alone', async () => {
    const dir = tempDir();
    append(join(dir, 'a.log'), 'a0');
    const f = follow([dir]);
    await waitFor(() => f.ids().length === 1, 'the existing file');
    append(join(dir, 'b.jsonl'), 'b0', 'b1');
    append(join(dir, 'audit.log.1'), 'copy'); // a copy-truncate copy: already read as a.log
    append(join(dir, 'notes.txt'), 'notes');
    append(join(dir, '.hidden.log'), 'hidden');
    append(join(dir, 'a.log'), 'a1');
    await waitFor(
      () => f.ids().length === 4,
      () => `4 events, got ${f.events().join(' ')}`,
    );
    await f.stop();
    expect([...f.events()].sort()).toEqual([
      'a0@a.log:1',
      'a1@a.log:2',
      'b0@b.jsonl:1',
      'b1@b.jsonl:2',
    ]);
    expect(f.problems()).toEqual([]);
  });

  it('reads what a deleted file still holds before dropping it', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    append(path, 'a0');
    const f = follow([dir]);
    await waitFor(() => f.ids().length === 1, 'the first event');
    append(path, ...ids('a', 5, 1));
    appendFileSync(path, line('last').slice(0, -1)); // even the last line without LF
    unlinkSync(path);
    await waitFor(
      () => f.ids().length === 7,
      () => `7 events, got ${f.events().join(' ')}`,
    );
    await f.stop();
    expect(f.ids()).toEqual([...ids('a', 6), 'last']);
  });

  it('reports a missing path and follows it once it appears', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const f = follow([path]);
    await waitFor(() => f.problems().length === 1, 'the missing-path problem');
    append(path, 'a0');
    await waitFor(() => f.ids().length === 1, 'the event of the new file');
    await f.stop();
    expect(f.problems()).toEqual([
      {
        file: 'audit.log',
        line: 0,
        reason: 'cannot read: ENOENT: no such file or directory; following it once it can be read',
      },
    ]);
  });
});

describe('Follower lifecycle', () => {
  it('close() ends the iteration, and a follower never iterated closes without writing', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    append(path, 'a0');
    const f = follow([path]);
    await waitFor(() => f.ids().length === 1, 'the event');
    await f.stop(); // resolves only once the consumer's loop has ended
    const idle = new Follower([path], { checkpoint: join(dir, 'cp.json') });
    await idle.close();
    expect(existsSync(join(dir, 'cp.json'))).toBe(false);
  });

  it('breaking out of the loop closes the follower and writes the checkpoint', async () => {
    const dir = tempDir();
    const path = join(dir, 'audit.log');
    const checkpoint = join(dir, 'cp.json');
    append(path, 'a0', 'a1');
    const follower = new Follower([path], { checkpoint, pollIntervalMs: 30 });
    for await (const item of follower) {
      follower.ack(item);
      break;
    }
    const files = (JSON.parse(readFileSync(checkpoint, 'utf8')) as { files: unknown[] }).files;
    expect(files).toEqual([expect.objectContaining({ line: 1 })]);
  });
});
