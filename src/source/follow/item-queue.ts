/**
 * Items between the reader and the consumer. The reader waits while `limit` items are queued,
 * so a slow consumer slows the reading instead of growing memory; closing releases both sides.
 */
export class ItemQueue<T> {
  #items: T[] = [];
  #head = 0;
  #space: (() => void) | null = null;
  #ready: (() => void) | null = null;
  #ended = false;
  #failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  /** Resolves once there is room again (or the queue ended). */
  async push(item: T): Promise<void> {
    if (this.#ended) return;
    this.#items.push(item);
    this.#wake('ready');
    if (this.#items.length - this.#head >= this.limit) {
      await new Promise<void>((resolve) => (this.#space = resolve));
    }
  }

  /** The next item; done once ended (queued items are then dropped: they were never acked). */
  async next(): Promise<IteratorResult<T, undefined>> {
    while (true) {
      if (this.#head < this.#items.length) {
        const item = this.#items[this.#head++]!;
        if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
          this.#items = this.#items.slice(this.#head);
          this.#head = 0;
        }
        this.#wake('space');
        return { done: false, value: item };
      }
      if (this.#failure) throw this.#failure.error;
      if (this.#ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.#ready = resolve));
    }
  }

  end(): void {
    this.#ended = true;
    this.#items = [];
    this.#head = 0;
    this.#wake('ready');
    this.#wake('space');
  }

  /** Hands an unexpected reader failure to the consumer once the queued items are taken. */
  fail(error: unknown): void {
    this.#failure = { error };
    this.#wake('ready');
  }

  #wake(which: 'ready' | 'space'): void {
    const resolve = which === 'ready' ? this.#ready : this.#space;
    if (which === 'ready') this.#ready = null;
    else this.#space = null;
    resolve?.();
  }
}
