/**
 * The parsed form of an EQL query. Every node keeps its span (0-based offsets into the query
 * text) so that compile errors, warnings and evidence can point back at what was written.
 */
export interface Span {
  start: number;
  end: number;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type PredicateOp = 'in' | 'in~' | ':' | 'like' | 'like~' | 'regex' | 'regex~';
export type ArithOp = '+' | '-' | '*' | '/' | '%';

export interface StringLiteral extends Span {
  kind: 'literal';
  value: string;
  /** offsets[i]: where character i of the value starts in the query text (length + 1 entries). */
  offsets: number[];
}

export interface ScalarLiteral extends Span {
  kind: 'literal';
  value: number | boolean | null;
  /** Integer literals stay integers in arithmetic (EQL divides them with rounding down). */
  integer?: boolean;
}

export type Literal = StringLiteral | ScalarLiteral;

export interface FieldRef extends Span {
  kind: 'field';
  path: string;
  /** `?field`: the field may be absent, so a missing join key counts as null. */
  optional: boolean;
}

export interface NotExpr extends Span {
  kind: 'not';
  operand: EqlExpr;
}

export interface LogicalExpr extends Span {
  kind: 'and' | 'or';
  left: EqlExpr;
  right: EqlExpr;
}

export interface CompareExpr extends Span {
  kind: 'compare';
  op: CompareOp;
  opStart: number;
  left: EqlExpr;
  right: EqlExpr;
}

export interface PredicateExpr extends Span {
  kind: 'predicate';
  op: PredicateOp;
  /** `not in` / `not in~`. */
  negated: boolean;
  opStart: number;
  subject: EqlExpr;
  values: EqlExpr[];
}

export interface CallExpr extends Span {
  kind: 'call';
  name: string;
  caseInsensitive: boolean;
  args: EqlExpr[];
}

export interface ArithExpr extends Span {
  kind: 'arith';
  op: ArithOp;
  left: EqlExpr;
  right: EqlExpr;
}

export interface NegExpr extends Span {
  kind: 'neg';
  operand: EqlExpr;
}

export type EqlExpr =
  | Literal
  | FieldRef
  | NotExpr
  | LogicalExpr
  | CompareExpr
  | PredicateExpr
  | CallExpr
  | ArithExpr
  | NegExpr;

export interface EventFilterAst extends Span {
  /** null for `any`. */
  category: string | null;
  condition: EqlExpr;
}

export interface PipeAst extends Span {
  name: string;
}

export interface SequenceStepAst extends Span {
  filter: EventFilterAst;
  by: FieldRef[];
  /** `with runs=N`: the step repeated N times. */
  runs: { value: number; start: number; end: number } | null;
  /** `![ … ]`: a missing-event step (EQL 8.x), parsed only to be rejected. */
  missing: boolean;
}

export interface MaxspanAst extends Span {
  /** The number as written (integer or decimal text). */
  amount: string;
  unit: string | null;
}

export interface EventQueryAst extends Span {
  type: 'event';
  filter: EventFilterAst;
  pipes: PipeAst[];
}

export interface SequenceQueryAst extends Span {
  type: 'sequence';
  by: FieldRef[];
  maxspan: MaxspanAst | null;
  steps: SequenceStepAst[];
  until: SequenceStepAst | null;
  pipes: PipeAst[];
}

/** `sample` queries are parsed only to be rejected with a clear message. */
export interface SampleQueryAst extends Span {
  type: 'sample';
  pipes: PipeAst[];
}

export type EqlQueryAst = EventQueryAst | SequenceQueryAst | SampleQueryAst;
