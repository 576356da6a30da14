import type { EqlEvidence } from '../types.js';

/** What one document contributed to a step: its join key and evidence. */
export interface StepHit {
  key: string;
  evidence: EqlEvidence[];
}

/**
 * A document evaluated against every step once, on arrival; only this (not the document) is
 * held while waiting for reordering, so buffered memory does not grow with document size.
 */
export interface SequenceRecord {
  time: number;
  /** Arrival order: breaks ties between equal timestamps. */
  seq: number;
  item: unknown;
  /** One entry per step: null when the document does not match the step. */
  steps: (StepHit | null)[];
  /** The join key when the document matches `until`. */
  untilKey: string | null;
}

/** A sequence waiting for its next step. */
export interface PartialSequence {
  start: number;
  lastTime: number;
  lastSeq: number;
  items: unknown[];
  evidence: EqlEvidence[][];
}
