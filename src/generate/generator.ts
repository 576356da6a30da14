import { buildBigWrites, bigWrite, type BigWrites } from './big.js';
import { ATTACKS, EVENTS, LEASES, READS, WORKLOADS } from './categories.js';
import { buildCluster, type Cluster } from './cluster.js';
import type { Traffic } from './context.js';
import { receivedLine, stageLine, type Request } from './envelope.js';
import { coreEvent } from './events.js';
import { LineHeap } from './heap.js';
import { MixControl } from './mix.js';
import { lease } from './leases.js';
import type { GenerateOptions } from './options.js';
import { otherRequest } from './other.js';
import { ChunkWriter, type ByteSink } from './output.js';
import { planPlants, plantLines, type Plant } from './planted.js';
import type { RequestPrototype } from './prototypes.js';
import { Rng } from './random.js';
import { informerWatch, read } from './reads.js';
import { Counters, type GenerateSummary } from './summary.js';
import { fill, PROTOTYPE_MICROS, type Emission } from './template.js';
import { TimeFormat } from './time-format.js';
import { cronRuns, workloadWrite } from './workloads.js';

const RECEIVED = 0;
const STARTED = 1;
const COMPLETE = 2;
const MINUTE = 60_000_000;
// etcd revisions of a busy cluster: in the millions (the emulator starts at 4,810,000).
const FIRST_REVISION = 4_810_000;

/**
 * Writes a realistic audit log: a simulated API server receives requests at `rate` per second
 * (exponential arrivals); each is logged at its stages, and the lines leave in stage-time order
 * through a heap. Every value comes from one seeded stream, so the same options give the same
 * bytes. Memory stays bounded: only lines not yet due (mostly watches, minutes at most) wait.
 */
export class Generator implements Traffic {
  readonly rng: Rng;
  readonly time = new TimeFormat();
  readonly cluster: Cluster;
  now: number;
  readonly #options: GenerateOptions;
  readonly #heap = new LineHeap();
  readonly #counters = new Counters();
  readonly #plants: Plant[];
  readonly #big: BigWrites;
  readonly #mix: MixControl;
  #seq = 0;
  #revision = FIRST_REVISION;
  #requests = 0;
  #nextPlant = 0;
  #plantedPending = 0;
  #startMicros: number;

  constructor(options: GenerateOptions) {
    this.#options = options;
    this.rng = new Rng(`cronwarden-generate\u0000${options.seed}`);
    this.cluster = buildCluster(this.rng, options.nodes);
    const argocd = this.cluster.operators.find(
      (o) => o.operator.serviceAccount === 'argocd-application-controller',
    )!;
    this.#big = buildBigWrites(this.rng, argocd.who);
    this.#plants = planPlants(options.attacks, options.size);
    this.#mix = new MixControl(options.mix);
    this.#startMicros = options.start.getTime() * 1000;
    this.now = this.#startMicros;
  }

  async run(sink: ByteSink): Promise<GenerateSummary> {
    const writer = new ChunkWriter(sink);
    const gap = 1_000_000 / this.#options.rate;
    this.#primeWatches(gap);
    let nextMinute = Math.ceil(this.now / MINUTE) * MINUTE;
    let done = false;
    while (!done) {
      this.now += Math.max(1, Math.round(this.rng.exponential(gap)));
      while (this.now >= nextMinute) {
        cronRuns(this, nextMinute);
        nextMinute += MINUTE;
      }
      this.#plantDue(writer.bytes);
      this.#makeRequest();
      done = this.#emitDue(writer);
      if (writer.pending) await writer.drain();
    }
    await writer.close();
    const c = this.#counters;
    return c.summary(this.#options.seed, this.#options.size, this.#requests, this.#plants);
  }

  // Traffic ---------------------------------------------------------------------------------

  nextResourceVersion(): number {
    this.#revision += 1 + (this.rng.u32() & 3);
    return this.#revision;
  }

  currentResourceVersion(): number {
    return this.#revision;
  }

  request(r: Request, latency: number, category: number): void {
    this.#requests++;
    const auditID = this.rng.uuid();
    const received = this.time.micro(this.now);
    if (this.rng.chance(this.#options.requestReceived))
      this.#push(this.now, receivedLine(r, auditID, received), category, RECEIVED);
    const at = this.now + latency;
    this.#push(
      at,
      stageLine(r, auditID, 'ResponseComplete', received, this.time.micro(at)),
      category,
      COMPLETE,
    );
  }

  watch(r: Request, duration: number, category: number): void {
    this.#requests++;
    const auditID = this.rng.uuid();
    const received = this.time.micro(this.now);
    const started = this.now + this.rng.int(300, 2_500);
    if (started >= this.#startMicros)
      this.#push(
        started,
        stageLine(r, auditID, 'ResponseStarted', received, this.time.micro(started)),
        category,
        STARTED,
      );
    const end = this.now + duration;
    if (end < this.#startMicros) return;
    const complete = () =>
      stageLine(r, auditID, 'ResponseComplete', received, this.time.micro(end));
    this.#push(end, complete, category, COMPLETE);
  }

  prototypes(requests: readonly RequestPrototype[], e: Emission, category: number): void {
    for (const p of requests) {
      this.#requests++;
      const received = PROTOTYPE_MICROS + p.receivedOffset + e.shift;
      if (this.rng.chance(this.#options.requestReceived))
        this.#push(received, fill(p.received, e), category, RECEIVED);
      this.#push(
        PROTOTYPE_MICROS + p.completeOffset + e.shift,
        fill(p.complete, e),
        category,
        COMPLETE,
      );
    }
  }

  emission(size: number, shift: number): Emission {
    const node = this.rng.pick(this.cluster.nodes);
    return {
      values: new Array<string | undefined>(size),
      shift,
      node,
      podIP: `10.0.${this.rng.int(64, 127)}.${this.rng.int(2, 254)}`,
      job: '',
      rng: this.rng,
      time: this.time,
      nextResourceVersion: () => this.nextResourceVersion(),
    };
  }

  // Generation ------------------------------------------------------------------------------

  /** Watches opened in the ten minutes before the log starts end inside it, as in any log. */
  #primeWatches(gap: number): void {
    const start = this.#startMicros;
    // About one request in twenty is a watch (reads are over half the requests, one read in
    // twelve a watch); each lasts 5 to 10 minutes.
    const watchGap = gap * 20;
    const requests = this.#requests;
    for (let at = start - 600_000_000; at < start; at += this.rng.exponential(watchGap)) {
      this.now = Math.round(at);
      informerWatch(this);
    }
    this.#requests = requests;
    this.now = start;
  }

  #makeRequest(): void {
    const bigEvery = this.#options.bigEvery;
    if (bigEvery > 0 && this.#requests > 0 && this.#requests % bigEvery === 0) {
      bigWrite(this, this.#big);
      return;
    }
    const c = this.#counters;
    switch (this.#mix.pick(this.rng, c.byCategory, c.background())) {
      case READS:
        return read(this);
      case LEASES:
        return lease(this);
      case EVENTS:
        return coreEvent(this);
      case WORKLOADS:
        return workloadWrite(this);
      default:
        return otherRequest(this);
    }
  }

  #plantDue(bytes: number): void {
    while (
      this.#nextPlant < this.#plants.length &&
      bytes >= this.#plants[this.#nextPlant]!.byteTarget
    ) {
      const plant = this.#plants[this.#nextPlant++]!;
      const lines = plantLines(plant, this.#options.seed, this.now, this.#window(bytes), this.time);
      for (const l of lines) {
        this.#heap.push({
          micros: l.micros,
          seq: this.#seq++,
          line: l.line,
          category: ATTACKS,
          stage: l.stage,
          planted: this.#nextPlant - 1,
        });
        this.#plantedPending++;
      }
    }
  }

  /**
   * Half the simulated time the rest of the log will cover: a plant must end well before the
   * log does. The rate is measured once there is enough of the log to measure it on.
   */
  #window(bytes: number): number {
    const elapsed = this.now - this.#startMicros;
    const measured = bytes > 1_000_000 && elapsed > 0;
    const bytesPerMicro = measured ? bytes / elapsed : (this.#options.rate * 1_800) / 1e6;
    return (0.5 * Math.max(0, this.#options.size - bytes)) / bytesPerMicro;
  }

  #push(micros: number, line: string | (() => string), category: number, stage: number): void {
    this.#heap.push({ micros, seq: this.#seq++, line, category, stage, planted: -1 });
  }

  /** Writes every line due by now; true once the size is reached and every plant is out. */
  #emitDue(writer: ChunkWriter): boolean {
    const c = this.#counters;
    for (let top = this.#heap.peek(); top && top.micros <= this.now; top = this.#heap.peek()) {
      this.#heap.pop();
      const bytes = writer.push(typeof top.line === 'string' ? top.line : top.line());
      c.count(top.category, top.stage, bytes);
      if (c.lines === 1) c.firstStamp = this.time.micro(top.micros);
      if (top.planted >= 0) {
        const plant = this.#plants[top.planted]!;
        plant.lines++;
        if (plant.firstLine === 0) plant.firstLine = c.lines;
        this.#plantedPending--;
      }
      if (
        writer.bytes >= this.#options.size &&
        this.#plantedPending === 0 &&
        this.#nextPlant >= this.#plants.length
      ) {
        c.lastStamp = this.time.micro(top.micros);
        return true;
      }
    }
    return false;
  }
}
