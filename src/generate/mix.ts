import { EVENTS, LEASES, OTHER, READS, WORKLOADS } from './categories.js';
import type { Mix } from './options.js';
import type { Rng } from './random.js';

const KEYS = ['reads', 'leases', 'events', 'workloads', 'other'] as const;
const CATEGORY = [READS, LEASES, EVENTS, WORKLOADS, OTHER];

/**
 * Picks what the next request is. Categories are drawn at random in proportion to how far each
 * is below its share of the lines written so far, so the mix holds by lines whatever each
 * category's lines per request (watches log two, some requests RequestReceived too).
 */
export class MixControl {
  readonly #shares: number[];

  constructor(mix: Mix) {
    this.#shares = KEYS.map((k) => mix[k]);
  }

  pick(rng: Rng, linesByCategory: readonly number[], backgroundLines: number): number {
    // The head start keeps the first picks close to the shares themselves.
    const total = backgroundLines + 400;
    let sum = 0;
    const weights = this.#shares.map((share, i) => {
      const w = Math.max(share * 0.02, share * total - linesByCategory[CATEGORY[i]!]!);
      sum += w;
      return w;
    });
    let x = rng.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return CATEGORY[i]!;
    }
    return OTHER;
  }
}
