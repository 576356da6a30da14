/**
 * Reference for `sequence by … with maxspan=…` over a time-ordered list of documents, written the
 * way Elasticsearch's SequenceMatcher works rather than the way the engine streams: the whole
 * list is one window, processed stage by stage (every document of step 0, then of step 1, …).
 *  - Per join key and stage, the sequences waiting for the next step, in order. A document of step
 *    s takes the latest waiting sequence of stage s-1 that is strictly before it, and drops it and
 *    every older one (`trimBefore`): one pending sequence per key and stage, the newest winning.
 *  - maxspan is inclusive (`exceedsMaxSpan`: last - first > maxspan rejects).
 *  - An `until` document u of the key rejects a sequence whose last document is at or before u and
 *    whose next one is at or after u (`Ordinal.between` is inclusive; Elastic's #59292: "if any
 *    document within the sequence occurs at, or after, the until hit, the sequence is discarded").
 * Documents are in time order already, so their index is their ordinal (ties by input order).
 */
import type { EqlDialect, SequenceQueryAst, SequenceStepAst } from '../../../src/eql/index.js';
import { referenceMatches } from './evaluator.js';
import { resolveField } from './values.js';

interface Waiting {
  start: number;
  last: number;
  items: number[];
}

/** The matches, each as the indexes of its documents, in completion order. */
export function referenceSequence(
  ast: SequenceQueryAst,
  docs: { time: number; doc: unknown }[],
  maxspanMs: number | null,
  dialect: EqlDialect,
): number[][] {
  const steps = ast.steps;
  const keyOf = (step: SequenceStepAst, i: number): string | null =>
    joinKey([...ast.by, ...step.by], docs[i]!.doc);
  const hits = (step: SequenceStepAst, i: number): boolean =>
    referenceMatches(
      { type: 'event', filter: step.filter, pipes: [], start: 0, end: 0 },
      docs[i]!.doc,
      dialect,
    );

  const untils = new Map<string, number[]>();
  if (ast.until) {
    for (let i = 0; i < docs.length; i++) {
      const key = keyOf(ast.until, i);
      if (key !== null && hits(ast.until, i)) untils.set(key, [...(untils.get(key) ?? []), i]);
    }
  }

  const waiting = new Map<string, Waiting[][]>();
  const group = (key: string, stage: number): Waiting[] => {
    if (!waiting.has(key))
      waiting.set(
        key,
        steps.map(() => []),
      );
    return waiting.get(key)![stage]!;
  };
  const completed: { at: number; items: number[] }[] = [];

  steps.forEach((step, s) => {
    for (let i = 0; i < docs.length; i++) {
      const key = keyOf(step, i);
      if (key === null || !hits(step, i)) continue;
      if (s === 0) {
        group(key, 0).push({ start: docs[i]!.time, last: i, items: [i] });
        continue;
      }
      const previous = group(key, s - 1);
      const at = previous.findLastIndex((w) => w.last < i);
      if (at < 0) continue;
      const seq = previous[at]!;
      previous.splice(0, at + 1);
      if (maxspanMs !== null && docs[i]!.time - seq.start > maxspanMs) continue;
      if ((untils.get(key) ?? []).some((u) => seq.last <= u && u <= i)) continue;
      const next = { start: seq.start, last: i, items: [...seq.items, i] };
      if (s === steps.length - 1) completed.push({ at: i, items: next.items });
      else group(key, s).push(next);
    }
  });
  // The engine reports a match when its last document arrives.
  return completed.sort((a, b) => a.at - b.at).map((c) => c.items);
}

/** A missing key field leaves the document out, unless written `?field` (then it joins as null). */
function joinKey(fields: SequenceQueryAst['by'], doc: unknown): string | null {
  const parts: unknown[] = [];
  for (const f of fields) {
    const values = resolveField(doc, f.path).filter((v) => v !== null && v !== undefined);
    if (values.length === 0 && !f.optional) return null;
    parts.push(values.length === 0 ? null : values.length === 1 ? values[0] : values);
  }
  return JSON.stringify(parts);
}
