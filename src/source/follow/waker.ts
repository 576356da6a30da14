import { watch, type FSWatcher } from 'node:fs';

/**
 * When to look at the files again: after the poll interval, or sooner when fs.watch reports a
 * change in a watched directory. fs.watch is only a hint (it misses events on NFS, FUSE and
 * in some containers, and inotify watches run out), so polling always runs as well.
 */
export class Waker {
  #watchers = new Map<string, FSWatcher>();
  #pending: (() => void) | null = null;
  #poked = false;
  #closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly useWatch: boolean,
  ) {}

  /** Watches `dirs` not yet watched; ones that cannot be watched now are tried again later. */
  watch(dirs: readonly string[]): void {
    if (!this.useWatch || this.#closed) return;
    for (const dir of dirs) {
      if (this.#watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, () => this.poke());
        // A watch that fails (directory removed, limits) leaves polling to do the work.
        watcher.on('error', () => {
          watcher.close();
          this.#watchers.delete(dir);
        });
        this.#watchers.set(dir, watcher);
      } catch {
        // Not watchable now (missing directory, no inotify): polling covers it.
      }
    }
  }

  poke(): void {
    const pending = this.#pending;
    if (pending) pending();
    else this.#poked = true;
  }

  /** Resolves at the next poke or after the interval; at once if poked meanwhile or closed. */
  wait(): Promise<void> {
    if (this.#closed || this.#poked) {
      this.#poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.#pending === done) this.#pending = null;
        resolve();
      };
      const timer = setTimeout(done, this.intervalMs);
      this.#pending = done;
    });
  }

  close(): void {
    this.#closed = true;
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    this.poke();
  }
}
