/**
 * The parsed (not yet compiled) form of Sigma documents. Everything here keeps the source
 * position it came from so that load and compile errors can point at file:line:column.
 */

export interface SourcePosition {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

/** A value as written in a rule: YAML scalars only (Sigma has no nested values). */
export type SigmaScalar = string | number | boolean | null;

export interface RuleValue {
  value: SigmaScalar;
  pos: SourcePosition;
  /** For numbers, the text as written (`10.0`), used when a modifier treats the value as text. */
  raw?: string;
}

/**
 * One `field|modifier|modifier: value(s)` entry of a detection map, or a keyword list when
 * `field` is null. Its values are ORed, or ANDed when `modifiers` contains `all`.
 */
export interface FieldItem {
  kind: 'field';
  /** Dot-notation path as written (`objectRef.resource`); null for keywords (full-text search). */
  field: string | null;
  /** Modifier names as written, in order, lowercased (`['contains', 'all']`). */
  modifiers: string[];
  values: RuleValue[];
  pos: SourcePosition;
}

/** A detection map (every entry must match) or a list (any element may match). */
export interface DetectionGroup {
  kind: 'and' | 'or';
  items: DetectionNode[];
  pos: SourcePosition;
}

export type DetectionNode = FieldItem | DetectionGroup;

export type ConditionNode =
  | { kind: 'id'; name: string; offset: number }
  | { kind: 'not'; arg: ConditionNode }
  | { kind: 'and' | 'or'; args: ConditionNode[] }
  | {
      kind: 'of';
      /** `all`, or how many must match (`1 of`, `any of` => 1). */
      quantifier: 'all' | number;
      /** `them`, or an identifier pattern that may contain `*`. */
      target: string;
      offset: number;
    };

export interface ParsedCondition {
  text: string;
  ast: ConditionNode;
  pos: SourcePosition;
  /** Source position of each character of `text`, where known (for precise diagnostics). */
  positions?: SourcePosition[];
}

export interface Logsource {
  category?: string;
  product?: string;
  service?: string;
  definition?: string;
  [key: string]: unknown;
}

/** Metadata every Sigma document type shares. Unknown top-level keys land in `custom`. */
export interface RuleMetadata {
  id?: string;
  name?: string;
  title: string;
  status?: string;
  description?: string;
  references: string[];
  author?: string;
  date?: string;
  modified?: string;
  tags: string[];
  logsource: Logsource;
  level?: string;
  falsepositives: string[];
  fields: string[];
  related: { id: string; type: string }[];
  /** Attributes outside the Sigma standard set, kept verbatim. */
  custom: Record<string, unknown>;
  source: SourcePosition;
}

export interface SigmaRule extends RuleMetadata {
  type: 'rule';
  /** Named search identifiers, in file order. */
  detection: Map<string, DetectionNode>;
  /** Several conditions (a YAML list) are ORed. */
  conditions: ParsedCondition[];
}

/** A Sigma filter: extra conditions ANDed onto the rules it names. */
export interface SigmaFilter extends RuleMetadata {
  type: 'filter';
  /** Rule ids or names the filter applies to. */
  rules: string[];
  detection: Map<string, DetectionNode>;
  conditions: ParsedCondition[];
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';

export interface CorrelationCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  neq?: number;
  field?: string;
}

export interface SigmaCorrelation extends RuleMetadata {
  type: 'correlation';
  correlationType: CorrelationType;
  rules: string[];
  groupBy: string[];
  /** Milliseconds. */
  timespanMs: number;
  timespan: string;
  condition?: CorrelationCondition;
  aliases: Record<string, Record<string, string>>;
  generate: boolean;
}

export type SigmaDocument = SigmaRule | SigmaFilter | SigmaCorrelation;
