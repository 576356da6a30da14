import type { SigmaCorrelation, SigmaFilter, SigmaRule } from './ast.js';
import type { Witness } from './compile/witness.js';
import type { Diagnostic } from './diagnostics.js';

/** Rule text with the name errors should point at. */
export interface RuleSource {
  file: string;
  text: string;
}

export interface LoadOptions {
  /** Any error diagnostic makes loading throw RuleLoadFailure instead of skipping the rule. */
  strict?: boolean;
}

/** One selection's contribution to a match, for alert evidence. */
export interface Evidence {
  /** Search identifier name (`selection`), or `filter:<filter id or title>/<name>`. */
  selection: string;
  /** Field path as written in the rule; null for keyword (full-text) matches. */
  field: string | null;
  /** The event value that matched, as text, truncated to 256 characters. */
  value: string;
  /** The rule value that matched, as written (with the modifiers that applied). */
  pattern: string;
}

export interface RuleMatch {
  rule: SigmaRule;
  /** Search identifiers that evaluated true in a non-negated position of the condition. */
  selections: string[];
  evidence: Evidence[];
}

export interface CompiledRuleSet {
  readonly rules: readonly SigmaRule[];
  /** Matching rules with evidence, in rule load order. */
  match(event: unknown): RuleMatch[];
  /**
   * Indexes into `rules` of matching rules, in ascending order. No evidence: the fast path.
   * The array is shared when empty: do not modify it.
   */
  test(event: unknown): readonly number[];
  /**
   * Per rule (same order as `rules`), a necessary condition for it to match: the raw-byte
   * prefilter translates these. Filters are included (ANDed, so they only narrow).
   */
  witnesses(): readonly Witness[];
  /** Sigma filters that apply to rules[index]. */
  filtersFor(index: number): readonly SigmaFilter[];
  /** Every field path the rules reference, with the ids (or titles) of the rules that use it. */
  fieldUsage(): Map<string, string[]>;
}

export interface RuleLoad {
  ruleSet: CompiledRuleSet;
  /** Rules that loaded and compiled (same order as ruleSet.rules). */
  rules: SigmaRule[];
  filters: SigmaFilter[];
  correlations: SigmaCorrelation[];
  diagnostics: Diagnostic[];
}

export class RuleLoadFailure extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(
      `${diagnostics.filter((d) => d.severity === 'error').length} rule load error(s) in strict mode`,
    );
    this.name = 'RuleLoadFailure';
  }
}
