import { CATEGORIES, type CategoryName } from './categories.js';
import type { Plant } from './planted.js';

export const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete'] as const;

/** What a generated log holds: written next to it, and used by tests and the benchmark. */
export interface GenerateSummary {
  seed: string;
  sizeTarget: number;
  bytes: number;
  lines: number;
  requests: number;
  averageLineBytes: number;
  maxLineBytes: number;
  linesOver70KB: number;
  firstTimestamp: string;
  lastTimestamp: string;
  /** Lines per category, and their share of the background (attacks excluded). */
  mix: Record<CategoryName, { lines: number; share: number }>;
  stages: Record<(typeof STAGES)[number], number>;
  planted: {
    id: string;
    title: string;
    technique: string;
    firstLine: number;
    lines: number;
    auditIDs: string[];
  }[];
}

export class Counters {
  readonly byCategory = new Array<number>(CATEGORIES.length).fill(0);
  readonly byStage = new Array<number>(STAGES.length).fill(0);
  lines = 0;
  bytes = 0;
  maxLineBytes = 0;
  over70KB = 0;
  firstStamp = '';
  lastStamp = '';

  count(category: number, stage: number, bytes: number): void {
    this.lines++;
    this.bytes += bytes;
    this.byCategory[category]!++;
    this.byStage[stage]!++;
    if (bytes > this.maxLineBytes) this.maxLineBytes = bytes;
    if (bytes > 70_000) this.over70KB++;
  }

  background(): number {
    return this.lines - this.byCategory[this.byCategory.length - 1]!;
  }

  summary(seed: string, sizeTarget: number, requests: number, plants: Plant[]): GenerateSummary {
    const background = this.background();
    const mix = Object.fromEntries(
      CATEGORIES.map((name, i) => {
        const lines = this.byCategory[i]!;
        const share = name === 'attacks' || background === 0 ? 0 : lines / background;
        return [name, { lines, share: Math.round(share * 10_000) / 10_000 }];
      }),
    ) as GenerateSummary['mix'];
    return {
      seed,
      sizeTarget,
      bytes: this.bytes,
      lines: this.lines,
      requests,
      averageLineBytes: this.lines ? Math.round(this.bytes / this.lines) : 0,
      maxLineBytes: this.maxLineBytes,
      linesOver70KB: this.over70KB,
      firstTimestamp: this.firstStamp,
      lastTimestamp: this.lastStamp,
      mix,
      stages: Object.fromEntries(
        STAGES.map((s, i) => [s, this.byStage[i]!]),
      ) as GenerateSummary['stages'],
      planted: plants.map((p) => ({
        id: p.scenario.id,
        title: p.scenario.title,
        technique: p.scenario.technique,
        firstLine: p.firstLine,
        lines: p.lines,
        auditIDs: p.auditIDs,
      })),
    };
  }
}
