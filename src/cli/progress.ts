/**
 * A one-line progress display on stderr for long scans at a terminal. Rate-limited so the
 * display never costs more than the scan.
 */
export class Progress {
  #last = 0;
  readonly #start = Date.now();

  constructor(private readonly write: (s: string) => void) {}

  tick(events: number, alerts: number): void {
    if ((events & 1023) !== 0) return;
    const now = Date.now();
    if (now - this.#last < 200) return;
    this.#last = now;
    const secs = (now - this.#start) / 1000;
    const rate = secs > 0 ? Math.round(events / secs) : 0;
    this.write(
      `\r\u001b[2K${spinner(now)} ${events.toLocaleString('en')} events · ${alerts} alerts · ${rate.toLocaleString('en')} events/s`,
    );
  }

  done(): void {
    if (this.#last > 0) this.write('\r\u001b[2K');
  }
}

function spinner(now: number): string {
  return '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[Math.floor(now / 100) % 10]!;
}
