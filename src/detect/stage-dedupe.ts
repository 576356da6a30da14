/**
 * The API server logs one request at several stages under one auditID. Only the last stage has
 * the response (and, at RequestResponse level, the stored object), so a request is evaluated
 * once, on its most complete stage. Earlier stages wait here until their completion arrives;
 * a request whose completion never comes (log cut, crash) is evaluated on what was seen, when
 * the input ends or the waiting room is full — never dropped.
 */
const RANK: Record<string, number> = {
  RequestReceived: 0,
  ResponseStarted: 1,
  ResponseComplete: 2,
  Panic: 2,
};
const FINAL = 2;

export interface Staged<T> {
  auditID: string | null;
  stage: string | null;
  item: T;
}

export interface DedupeStats {
  /** Earlier stages dropped because a more complete stage of the same request was evaluated. */
  supersededStages: number;
  /** Final stages seen twice (re-delivered batches, overlapping files). */
  duplicates: number;
  /** Requests evaluated without their final stage. */
  incomplete: number;
}

export class StageDeduper<T> {
  readonly stats: DedupeStats = { supersededStages: 0, duplicates: 0, incomplete: 0 };
  readonly #pending = new Map<string, { rank: number; item: T }>();
  /** Finished audit IDs in two generations: the newer one fills, then replaces the older. */
  #done = new Set<string>();
  #doneBefore = new Set<string>();

  readonly #final: number;

  /**
   * @param startedIsFinal evaluate a long-running request (watch, exec, attach, port-forward) on
   *   its ResponseStarted stage instead of waiting for it to end: a live service must alert
   *   while the session runs, and must not hold an acknowledged event in memory for hours.
   */
  constructor(
    private readonly maxPending = 100_000,
    private readonly rememberDone = 200_000,
    startedIsFinal = false,
  ) {
    this.#final = startedIsFinal ? RANK.ResponseStarted! : FINAL;
  }

  /** Returns the items ready to evaluate now (zero, one, or an evicted one plus this one). */
  push(staged: Staged<T>): T[] {
    const { auditID } = staged;
    if (!auditID) return [staged.item];
    const rank = RANK[staged.stage ?? ''] ?? FINAL;
    if (this.#done.has(auditID) || this.#doneBefore.has(auditID)) {
      if (rank >= this.#final) this.stats.duplicates++;
      else this.stats.supersededStages++;
      return [];
    }
    const waiting = this.#pending.get(auditID);
    if (rank >= this.#final) {
      if (waiting) {
        this.#pending.delete(auditID);
        this.stats.supersededStages++;
      }
      this.#markDone(auditID);
      return [staged.item];
    }
    if (waiting) {
      this.stats.supersededStages++;
      if (waiting.rank >= rank) return [];
      this.#pending.delete(auditID);
    }
    this.#pending.set(auditID, { rank, item: staged.item });
    if (this.#pending.size <= this.maxPending) return [];
    const [oldestId, oldest] = this.#pending.entries().next().value as [string, { item: T }];
    this.#pending.delete(oldestId);
    this.#markDone(oldestId);
    this.stats.incomplete++;
    return [oldest.item];
  }

  /** Everything still waiting, in arrival order: the input has ended. */
  flush(): T[] {
    const out = [...this.#pending.values()].map((p) => p.item);
    this.stats.incomplete += out.length;
    for (const id of this.#pending.keys()) this.#markDone(id);
    this.#pending.clear();
    return out;
  }

  /** A request judged elsewhere (before a restart): later stages of it are not judged again. */
  markEvaluated(auditID: string): void {
    this.#pending.delete(auditID);
    this.#markDone(auditID);
  }

  #markDone(auditID: string): void {
    // Forget the oldest half at once by dropping a generation: a stage arriving that late is
    // from another batch of logs. Deleting 100,000 entries one by one stalled the server.
    if (this.#done.size >= this.rememberDone >> 1) {
      this.#doneBefore = this.#done;
      this.#done = new Set();
    }
    this.#done.add(auditID);
  }
}
