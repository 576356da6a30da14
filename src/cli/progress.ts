import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A one-line progress bar on stderr for long scans at a terminal: bytes read out of the inputs'
 * size on disk (compressed size for .gz, which is also what is counted as read). Redrawn at
 * most five times a second so the display never costs more than the scan.
 */
export class Progress {
  #last = 0;
  #doneBefore = 0;
  #currentFile = '';
  #current = 0;
  readonly #start = Date.now();

  constructor(
    private readonly write: (s: string) => void,
    private readonly totalBytes: number | null,
  ) {}

  bytes(file: string, read: number): void {
    if (file !== this.#currentFile) {
      this.#doneBefore += this.#current;
      this.#currentFile = file;
    }
    this.#current = read;
  }

  tick(events: number, alerts: number): void {
    if ((events & 255) !== 0) return;
    const now = Date.now();
    if (now - this.#last < 200) return;
    this.#last = now;
    const secs = Math.max((now - this.#start) / 1000, 0.001);
    const done = this.#doneBefore + this.#current;
    const rate = `${(done / secs / 1e6).toFixed(1)} MB/s`;
    const counts = `${events.toLocaleString('en')} events · ${alerts} alerts · ${rate}`;
    if (this.totalBytes && this.totalBytes > 0) {
      const fraction = Math.min(1, done / this.totalBytes);
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      this.write(`\r\u001b[2K${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${counts}`);
    } else this.write(`\r\u001b[2K${counts}`);
  }

  done(): void {
    if (this.#last > 0) this.write('\r\u001b[2K');
  }
}

/** Size on disk of the inputs, or null when one is stdin (no total to show a bar against). */
export function inputSize(paths: readonly string[]): number | null {
  let total = 0;
  const visit = (path: string, depth: number): void => {
    try {
      const st = statSync(path);
      if (st.isDirectory()) {
        if (depth > 32) return;
        for (const entry of readdirSync(path)) visit(join(path, entry), depth + 1);
      } else total += st.size;
    } catch {
      // Unreadable paths are reported by the reader; they just add nothing here.
    }
  };
  for (const p of paths) {
    if (p === '-') return null;
    visit(p, 0);
  }
  return total;
}
