/**
 * A bounded memo for pure derivations that repeat across events: controllers create pod after
 * pod from one template, so the same container command is analysed over and over.
 *
 * Two generations: a lookup that hits the older one moves the entry to the newer, and when the
 * newer fills up the older is dropped whole. That keeps what is still in use, costs O(1) per
 * operation and never stalls on a sweep. Memory is bounded by 2 × `maxEntries` entries and
 * 2 × `maxWeight` characters of key plus value (the caller weighs each value).
 */
export class GenerationCache<V> {
  #current = new Map<string, Entry<V>>();
  #previous = new Map<string, Entry<V>>();
  #currentWeight = 0;
  #previousWeight = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.#current.get(key);
    if (hit) {
      this.hits++;
      return hit.value;
    }
    const old = this.#previous.get(key);
    if (!old) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.#previous.delete(key);
    this.#previousWeight -= old.weight;
    this.#add(key, old);
    return old.value;
  }

  /** Keeps `value` unless its key plus `weight` characters alone exceed the cache's weight. */
  set(key: string, value: V, weight: number): void {
    this.#add(key, { value, weight: key.length + weight });
  }

  /** Entries held, across both generations. */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** Characters held, across both generations. */
  get weight(): number {
    return this.#currentWeight + this.#previousWeight;
  }

  clear(): void {
    this.#current.clear();
    this.#previous.clear();
    this.#currentWeight = this.#previousWeight = this.hits = this.misses = 0;
  }

  #add(key: string, entry: Entry<V>): void {
    if (entry.weight > this.maxWeight) return;
    const full = this.#currentWeight + entry.weight > this.maxWeight;
    if (this.#current.size >= this.maxEntries || full) {
      this.#previous = this.#current;
      this.#previousWeight = this.#currentWeight;
      this.#current = new Map();
      this.#currentWeight = 0;
    }
    this.#current.set(key, entry);
    this.#currentWeight += entry.weight;
  }
}

interface Entry<V> {
  value: V;
  weight: number;
}

let enabled = true;
const caches: GenerationCache<unknown>[] = [];

/**
 * Turns the normalizer's memos off (and empties them) or back on. For tests that compare cached
 * against uncached results; production code never calls it.
 */
export function setNormalizeMemo(on: boolean): void {
  enabled = on;
  for (const cache of caches) cache.clear();
}

export function memoEnabled(): boolean {
  return enabled;
}

/** What the normalizer's memos hold and how often they answered, summed over all of them. */
export function memoStats(): { entries: number; weight: number; hits: number; misses: number } {
  const stats = { entries: 0, weight: 0, hits: 0, misses: 0 };
  for (const cache of caches) {
    stats.entries += cache.size;
    stats.weight += cache.weight;
    stats.hits += cache.hits;
    stats.misses += cache.misses;
  }
  return stats;
}

/** A cache that {@link setNormalizeMemo} empties and {@link memoStats} counts. */
export function registeredCache<V>(maxEntries: number, maxWeight: number): GenerationCache<V> {
  const cache = new GenerationCache<V>(maxEntries, maxWeight);
  caches.push(cache as GenerationCache<unknown>);
  return cache;
}
