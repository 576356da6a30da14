import { dirname, resolve } from 'node:path';
import { errorText } from '../audit-paths.js';
import { MAX_DOCUMENT_BYTES } from '../read-audit.js';
import type { SourceEvent, SourceProblem } from '../types.js';
import { CheckpointWriter, loadCheckpoint, type FileCheckpoint } from './checkpoint.js';
import { discover, watchTargets, type Candidate } from './discover.js';
import { findByKey } from './identity.js';
import { ItemQueue } from './item-queue.js';
import type { LinePoint } from './ledger.js';
import { LineItems } from './line-items.js';
import { GZIP_REASON, openFile } from './open-file.js';
import type { TrackedFile } from './tracked-file.js';
import { defaultLogName, type FollowCursor, type FollowItem, type FollowOptions } from './types.js';
import { Waker } from './waker.js';

/** Bytes read from one file before giving the others a turn. */
const READ_BUDGET = 8 << 20;
/** Items read ahead of the consumer. */
const QUEUE_LIMIT = 256;
/** Cursor of problems that belong to no file's reading (a missing path): acking it is a no-op. */
const NO_CURSOR: FollowCursor = { file: 0, seq: 0 };
const NO_CHECKPOINTS: ReadonlyMap<string, FileCheckpoint> = new Map();

/**
 * Follows audit log files like `tail -F`, as an async iterable of the events and problems
 * `readAuditEvents` yields, each with a cursor to acknowledge once handled. Iterate once;
 * ending the iteration early, like `close()`, stops the follower and writes the checkpoint.
 */
export class Follower implements AsyncIterable<FollowItem> {
  readonly #paths: readonly string[];
  readonly #options: FollowOptions;
  readonly #checkpoint: string | undefined;
  readonly #maxLineBytes: number;
  readonly #match: (name: string) => boolean;
  readonly #queue = new ItemQueue<FollowItem>(QUEUE_LIMIT);
  readonly #waker: Waker;
  /** By identity, oldest first: a rotated file is read before the one that replaced it. */
  readonly #files = new Map<string, TrackedFile>();
  /** Identities not followed (gzip files), so they are reported once. */
  readonly #ignored = new Set<string>();
  readonly #missing = new Map<string, string>();
  readonly #reported = new Set<string>();
  /** Files closed after rotation or deletion but with items still unacknowledged. */
  readonly #finished = new Set<TrackedFile>();
  #pump: Promise<void> | null = null;
  #ready = false;
  #closed = false;
  #closing: Promise<void> | null = null;
  #saveTimer: NodeJS.Timeout | undefined;
  readonly #writer: CheckpointWriter | undefined;

  constructor(paths: readonly string[], options: FollowOptions = {}) {
    this.#paths = [...paths];
    this.#options = options;
    this.#checkpoint = options.checkpoint === undefined ? undefined : resolve(options.checkpoint);
    // Not awaited: the queue may be full, and saving must not wait for the consumer.
    const report = (reason: string): void => void this.#problemOnce(this.#checkpoint!, reason);
    this.#writer = this.#checkpoint ? new CheckpointWriter(this.#checkpoint, report) : undefined;
    this.#maxLineBytes = options.maxLineBytes ?? MAX_DOCUMENT_BYTES;
    this.#match = options.match ?? defaultLogName;
    this.#waker = new Waker(options.pollIntervalMs ?? 250, options.watch ?? true);
  }

  [Symbol.asyncIterator](): AsyncIterator<FollowItem> {
    this.#pump ??= this.#run();
    return {
      next: () => this.#queue.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** Marks this item, and every earlier item of its file, as durably handled. */
  ack(item: FollowItem | FollowCursor): void {
    const { file, seq } = 'cursor' in item ? item.cursor : item;
    // A linear search: few files are followed, and a Map by id would need upkeep at each reset.
    for (const tracked of [...this.#files.values(), ...this.#finished]) {
      if (tracked.id === file) tracked.ledger.ack(seq);
    }
  }

  /** Writes the checkpoint now, if it changed. */
  flush(): Promise<void> {
    return this.#save();
  }

  /** Stops watching, polling and reading, writes the checkpoint and closes the files. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      clearInterval(this.#saveTimer);
      this.#waker.close();
      this.#queue.end();
      await this.#pump;
      await this.#save();
      for (const file of this.#files.values()) await file.close();
    })();
    return this.#closing;
  }

  async #run(): Promise<void> {
    try {
      await this.#startup();
      if (this.#closed) return;
      this.#ready = true;
      await this.#save();
      const every = this.#options.checkpointIntervalMs ?? 1000;
      this.#saveTimer = setInterval(() => void this.#save(), every).unref();
      while (!this.#closed) {
        const more = await this.#round();
        if (!more) await this.#waker.wait();
      }
    } catch (e) {
      this.#queue.fail(e);
    }
  }

  /** Resumes checkpointed files, looking for rotated ones under their new names first. */
  async #startup(): Promise<void> {
    const loaded = this.#checkpoint
      ? await loadCheckpoint(this.#checkpoint)
      : { kind: 'none' as const };
    let from = this.#options.from ?? 'start';
    const entries = new Map<string, FileCheckpoint>();
    if (loaded.kind === 'loaded') {
      from = 'start'; // files unknown to an existing checkpoint appeared while stopped
      for (const entry of loaded.files) entries.set(`${entry.dev}:${entry.ino}`, entry);
    } else if (loaded.kind === 'unreadable' && this.#checkpoint) {
      from = 'start';
      const reason = `${loaded.reason}; reading every file from its start (it will be overwritten)`;
      await this.#problem(this.#checkpoint, reason);
    }
    const found = await this.#discover();
    const keys = new Set(found.map((c) => c.key));
    for (const [key, entry] of entries) {
      if (keys.has(key)) continue;
      const path = await findByKey(dirname(entry.path), key);
      if (path) await this.#open(path, entries, 'start', true);
    }
    for (const c of found) await this.#open(c.path, entries, from, false);
  }

  async #round(): Promise<boolean> {
    const seen = new Set<string>();
    for (const c of await this.#discover()) {
      seen.add(c.key);
      const file = this.#files.get(c.key);
      if (file) {
        file.path = c.path;
        file.goneSince = null;
      } else if (!this.#ignored.has(c.key))
        await this.#open(c.path, NO_CHECKPOINTS, 'start', false);
    }
    let more = false;
    for (const file of [...this.#files.values()]) {
      if (this.#closed) return false;
      if (!seen.has(file.key) && file.goneSince === null) await this.#leave(file);
      const left = await this.#read(file);
      more ||= left;
      const graceMs = this.#options.rotatedGraceMs ?? 5000;
      const quiet = Date.now() - Math.max(file.lastData, file.goneSince ?? Infinity) >= graceMs;
      if (!left && quiet) await this.#finish(file);
    }
    // Out of the checkpoint once every item was acknowledged.
    for (const file of this.#finished) if (file.ledger.settled()) this.#finished.delete(file);
    return more;
  }

  async #discover(): Promise<Candidate[]> {
    this.#waker.watch(await watchTargets(this.#paths));
    const exclude = new Set(this.#checkpoint ? [this.#checkpoint] : []);
    const { files, missing } = await discover(this.#paths, this.#match, exclude);
    for (const path of this.#missing.keys()) if (!missing.has(path)) this.#missing.delete(path);
    for (const [path, reason] of missing) {
      if (this.#missing.get(path) === reason) continue;
      // A followed file is briefly absent at each rotation by rename: only startup reports it.
      if (this.#ready && reason.includes('ENOENT')) continue;
      this.#missing.set(path, reason);
      await this.#problem(path, `${reason}; following it once it can be read`);
    }
    return files;
  }

  async #open(
    path: string,
    entries: ReadonlyMap<string, FileCheckpoint>,
    from: 'start' | 'end',
    rotatedAway: boolean,
  ): Promise<void> {
    const decoder = new LineItems(this.#options.format, this.#maxLineBytes);
    let opening;
    try {
      opening = await openFile(path, entries, from, this.#maxLineBytes, decoder);
    } catch (e) {
      return this.#problemOnce(path, `cannot read: ${errorText(e)}`);
    }
    if (opening.kind === 'gone') return;
    if (opening.kind === 'gzip') {
      this.#ignored.add(opening.key);
      return this.#problem(path, GZIP_REASON);
    }
    const { file, problem } = opening;
    // A file found by identity outside the followed paths is only ours if it is unchanged.
    if (this.#files.has(file.key) || (rotatedAway && problem !== undefined)) return file.close();
    if (rotatedAway) file.goneSince = Date.now();
    this.#files.set(file.key, file);
    const start = file.ledger.committed();
    if (problem !== undefined) await this.#emit(file, [problemAt(path, 0, problem)], start);
  }

  /** The file left the followed paths: renamed (find its new name for messages) or deleted. */
  async #leave(file: TrackedFile): Promise<void> {
    file.goneSince = Date.now();
    const renamed = await findByKey(dirname(file.path), file.key);
    if (renamed) file.path = renamed;
  }

  /** Reads what is there; true if more is left than the budget allowed. */
  async #read(file: TrackedFile): Promise<boolean> {
    try {
      const replaced = await file.replaced();
      if (replaced) {
        const reason = await file.restart(replaced.size);
        await this.#emit(file, [problemAt(file.path, 0, reason)], { offset: 0, line: 0 });
      }
      const lines = file.read(READ_BUDGET);
      for (let next = await lines.next(); !this.#closed; next = await lines.next()) {
        if (next.done) return next.value;
        const { line, end } = next.value;
        await this.#emit(file, file.decoder.of(line, file.path, end.line), end);
      }
    } catch (e) {
      await this.#problemOnce(file.path, `read failed: ${errorText(e)}`);
    }
    return false;
  }

  /** A rotated or deleted file gone quiet: its last line even without LF, then close it. */
  async #finish(file: TrackedFile): Promise<void> {
    for (const { line, end } of file.finish()) {
      await this.#emit(file, file.decoder.of(line, file.path, end.line), end);
    }
    await file.close();
    this.#files.delete(file.key);
    this.#finished.add(file);
  }

  async #emit(file: TrackedFile, items: Array<SourceEvent | SourceProblem>, end: LinePoint) {
    const seqs = file.ledger.deliver(items.length, end);
    for (let i = 0; i < items.length; i++) {
      await this.#queue.push({ ...items[i]!, cursor: { file: file.id, seq: seqs[i]! } });
    }
  }

  #problem(file: string, reason: string): Promise<void> {
    return this.#queue.push({ ...problemAt(file, 0, reason), cursor: NO_CURSOR });
  }

  async #problemOnce(file: string, reason: string): Promise<void> {
    if (this.#reported.has(`${file}\0${reason}`)) return;
    this.#reported.add(`${file}\0${reason}`);
    await this.#problem(file, reason);
  }

  #save(): Promise<void> {
    if (!this.#writer || !this.#ready) return Promise.resolve();
    return this.#writer.save(() => {
      // A finished file whose inode a new file took gives way: one entry per identity.
      const finished = [...this.#finished].filter((f) => !this.#files.has(f.key));
      return [...this.#files.values(), ...finished].map((f) => f.checkpoint());
    });
  }
}

function problemAt(file: string, line: number, reason: string): SourceProblem {
  return { kind: 'problem', file, line, reason };
}
