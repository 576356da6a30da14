import type { SourcePosition } from './ast.js';

/**
 * Stable diagnostic codes (a public contract, documented in docs/rules.md). Tests and users
 * match on the code, never on the message text.
 */
export const DiagnosticCode = {
  Io: 'E_IO',
  YamlSyntax: 'E_YAML_SYNTAX',
  NotARule: 'E_NOT_A_RULE',
  Metadata: 'E_METADATA',
  DuplicateId: 'E_DUPLICATE_ID',
  DetectionShape: 'E_DETECTION_SHAPE',
  UnknownModifier: 'E_UNKNOWN_MODIFIER',
  UnsupportedModifier: 'E_UNSUPPORTED_MODIFIER',
  ModifierCombination: 'E_MODIFIER_COMBINATION',
  ValueType: 'E_VALUE_TYPE',
  Regex: 'E_REGEX',
  ConditionSyntax: 'E_CONDITION_SYNTAX',
  ConditionUndefined: 'E_CONDITION_UNDEFINED',
  ConditionNoMatch: 'E_CONDITION_NO_MATCH',
  ConditionAggregation: 'E_CONDITION_AGGREGATION',
  Collection: 'E_COLLECTION',
  Filter: 'E_FILTER',
  FilterUnknownRule: 'W_FILTER_UNKNOWN_RULE',
  Correlation: 'E_CORRELATION',
  CorrelationUnknownRule: 'W_CORRELATION_UNKNOWN_RULE',
  CorrelationNotEvaluated: 'N_CORRELATION_NOT_EVALUATED',
  UnknownField: 'N_UNKNOWN_FIELD',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export type Severity = 'error' | 'warning' | 'notice';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** One line: what is wrong and, where it helps, what to do. */
  message: string;
  file: string;
  line: number;
  column: number;
  ruleId?: string;
  ruleTitle?: string;
}

export function severityOf(code: DiagnosticCode): Severity {
  if (code.startsWith('E_')) return 'error';
  if (code.startsWith('W_')) return 'warning';
  return 'notice';
}

/** Thrown inside the loader and compiler; caught per document and turned into a Diagnostic. */
export class SigmaError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    readonly pos: SourcePosition,
  ) {
    super(message);
    this.name = 'SigmaError';
  }
}

export function toDiagnostic(
  code: DiagnosticCode,
  message: string,
  pos: SourcePosition,
  rule?: { id?: string; title?: string },
): Diagnostic {
  const d: Diagnostic = {
    severity: severityOf(code),
    code,
    message,
    file: pos.file,
    line: pos.line,
    column: pos.column,
  };
  if (rule?.id) d.ruleId = rule.id;
  if (rule?.title) d.ruleTitle = rule.title;
  return d;
}

/** `rules/x.yml:12:5: error E_UNKNOWN_MODIFIER [id "title"]: message` */
export function formatDiagnostic(d: Diagnostic): string {
  const who =
    d.ruleId || d.ruleTitle
      ? ` [${[d.ruleId, d.ruleTitle ? JSON.stringify(d.ruleTitle) : undefined].filter(Boolean).join(' ')}]`
      : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}${who}: ${d.message}`;
}
