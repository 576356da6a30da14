/**
 * The EQL engine's public contract, shared by the language (parser, compiler, sequences), the
 * regex dialects, the query loader and the engines that run queries (`scan`, `validate`).
 */

/**
 * `elastic` follows Elasticsearch exactly (Lucene regexes and wildcards match the whole value).
 * `search` is what many public query authors meant: regexes search anywhere and accept
 * PCRE-style inline flags.
 */
export type EqlDialect = 'elastic' | 'search';
export const EQL_DIALECTS = ['elastic', 'search'] as const satisfies readonly EqlDialect[];

/** A position in a query's text: 1-based line and column. */
export interface EqlPosition {
  line: number;
  column: number;
}

/** Something a query author should know: the query still runs. */
export interface EqlWarning extends EqlPosition {
  /** Stable code, e.g. `EQL_REGEX_NEVER_MATCHES`, `EQL_REGEX_PCRE_FLAG`. */
  code: string;
  message: string;
}

/**
 * A document in the Elastic view of an audit event (src/elastic/audit-view.ts): plain nested
 * objects, arrays and scalars. Queries read fields from it by path.
 */
export type EqlDocument = Record<string, unknown>;

/** Why a query matched: one entry per comparison or function that held. */
export interface EqlEvidence {
  field: string;
  /** The value that satisfied the comparison, or an excerpt of it (at most 256 characters). */
  value: string;
  /** The operator and operand as written, e.g. `regex~ "(?i)(alpine|busybox)"`. */
  condition: string;
}

export interface EqlMatch {
  /** Evidence from every step; for an event query, from the one event. */
  evidence: EqlEvidence[];
  /**
   * The input items of each step, in step order (one for an event query). Items are whatever
   * the caller passed to `push` as `item`, so the caller can map a match back to its events.
   */
  items: unknown[];
}

export interface EqlEvaluatorStats {
  /** Documents pushed. */
  events: number;
  /** Sequence partials dropped because a memory bound was reached (never silent: reported). */
  droppedPartials: number;
  /** Documents that arrived later than the reorder window allowed (evaluated, but late). */
  lateEvents: number;
}

/** One running instance of a query; sequence queries keep state between pushes. */
export interface EqlEvaluator {
  /**
   * Feeds one document with its event time (epoch ms; NaN when unknown) and an opaque item
   * handed back in matches. Returns the matches that are complete now.
   */
  push(doc: EqlDocument, time: number, item: unknown): EqlMatch[];
  /** The input ended: returns matches still held back for ordering. */
  flush(): EqlMatch[];
  readonly stats: EqlEvaluatorStats;
}

export interface CompiledEqlQuery {
  readonly type: 'event' | 'sequence';
  /** The event category of an event query (`any`, `process`, …); null for sequences. */
  readonly category: string | null;
  /** Every field path the query reads, as written. */
  readonly fields: readonly string[];
  readonly warnings: readonly EqlWarning[];
  /** A fresh, independent evaluator. */
  evaluator(): EqlEvaluator;
}

export interface EqlCompileOptions {
  dialect: EqlDialect;
  /** Sequences: maximum distinct join keys held at once (default 10,000). */
  maxSequenceKeys?: number;
  /** Sequences: how late (ms, event time) a document may arrive and still be ordered. */
  reorderWindowMs?: number;
}
