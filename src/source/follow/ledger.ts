/** A point in a file between two lines. */
export interface LinePoint {
  /** Byte offset just after a line's LF. */
  offset: number;
  /** Lines before `offset`. */
  line: number;
}

interface Boundary extends LinePoint {
  /** The last item delivered up to this line end; 0 if none yet. */
  seq: number;
}

/**
 * Which line end of one file is safe to checkpoint: the furthest one all of whose items were
 * acknowledged. Items get increasing sequence numbers; an ack covers every earlier item, as the
 * consumer handles one file's items in order. Lines that produced no items (blank, skipped)
 * ride along with the items before them, so they do not hold the checkpoint back.
 *
 * Memory: one boundary per line with unacknowledged items; consecutive item-less lines share one.
 */
export class AckLedger {
  #committed: LinePoint;
  #pending: Boundary[] = [];
  #delivered = 0;
  #acked = 0;

  constructor(start: LinePoint) {
    this.#committed = { ...start };
  }

  /** Sequence numbers for the `count` items of the line that ends at `end`. */
  deliver(count: number, end: LinePoint): number[] {
    const seqs = Array.from({ length: count }, () => ++this.#delivered);
    const last = this.#pending.at(-1);
    if (count === 0 && last && last.seq === this.#delivered) {
      last.offset = end.offset;
      last.line = end.line;
    } else this.#pending.push({ seq: this.#delivered, ...end });
    this.#settle();
    return seqs;
  }

  ack(seq: number): void {
    if (seq <= this.#acked) return;
    this.#acked = Math.min(seq, this.#delivered);
    this.#settle();
  }

  committed(): LinePoint {
    return { ...this.#committed };
  }

  /** Whether every delivered item was acknowledged. */
  settled(): boolean {
    return this.#pending.length === 0;
  }

  #settle(): void {
    let done = 0;
    while (done < this.#pending.length && this.#pending[done]!.seq <= this.#acked) done++;
    if (done === 0) return;
    const last = this.#pending[done - 1]!;
    this.#committed = { offset: last.offset, line: last.line };
    this.#pending.splice(0, done);
  }
}
