import type { Cluster } from './cluster.js';
import type { Request } from './envelope.js';
import type { RequestPrototype } from './prototypes.js';
import type { Rng } from './random.js';
import type { Emission } from './template.js';
import type { TimeFormat } from './time-format.js';

/** What the traffic makers need from the generator: randomness, time, and a way to log. */
export interface Traffic {
  readonly rng: Rng;
  readonly time: TimeFormat;
  readonly cluster: Cluster;
  /** Arrival time of the request being made, in microseconds since the epoch. */
  readonly now: number;
  /** The etcd revision a write is stored at (increases). */
  nextResourceVersion(): number;
  /** The latest revision: what informers list and watch from. */
  currentResourceVersion(): number;
  /** Logs a request answered `latency` microseconds after it arrived. */
  request(r: Request, latency: number, category: number): void;
  /** Logs a watch: ResponseStarted now, ResponseComplete when the server ends it. */
  watch(r: Request, duration: number, category: number): void;
  /** Logs prototype requests with their placeholders filled; `shift` maps prototype time. */
  prototypes(requests: readonly RequestPrototype[], emission: Emission, category: number): void;
  /** A fresh value table for one prototype emission. */
  emission(size: number, shift: number): Emission;
}
