/** A line waiting for its time: the API server writes each stage when it is reached. */
export interface PendingLine {
  micros: number;
  /** Insertion order: lines of the same microsecond keep the order they were made in. */
  seq: number;
  /** The text, or how to make it when due: a watch's end waits minutes, its text need not. */
  line: string | (() => string);
  category: number;
  /** Index into STAGES. */
  stage: number;
  /** Index of the planted scenario the line belongs to, -1 for background. */
  planted: number;
}

function before(a: PendingLine, b: PendingLine): boolean {
  return a.micros < b.micros || (a.micros === b.micros && a.seq < b.seq);
}

/**
 * Lines ordered by stage time. Most wait a few milliseconds; watches wait for their timeout,
 * so the heap holds minutes of watch completions at most, whatever the size of the file.
 */
export class LineHeap {
  readonly #items: PendingLine[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): PendingLine | undefined {
    return this.#items[0];
  }

  push(item: PendingLine): void {
    const items = this.#items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  pop(): PendingLine | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    while (true) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, last)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
