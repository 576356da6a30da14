import type {
  SigmaCorrelation,
  SigmaDocument,
  SigmaFilter,
  SigmaRule,
  SourcePosition,
} from '../ast.js';
import { RuleLoadFailure, type LoadOptions, type RuleLoad } from '../api.js';
import { FieldRegistry } from '../compile/context.js';
import { DiagnosticCode, SigmaError, toDiagnostic, type Diagnostic } from '../diagnostics.js';
import {
  compileFilter,
  compileRule,
  SigmaRuleSet,
  type CompiledFilter,
  type CompiledRule,
} from '../ruleset.js';

export interface EngineOptions extends LoadOptions {
  /** Use the candidate-rule index (default true). Off only to compare against it in tests. */
  index?: boolean;
}

/**
 * Rule files read and parsed, not yet compiled: plain data (structured-cloneable), so scan
 * workers can compile the rules the main thread parsed without YAML, zod or the files again.
 */
export interface ParsedRules {
  documents: SigmaDocument[];
  /** Problems found while parsing, sorted with the compile problems into reading order. */
  diagnostics: Diagnostic[];
  /** Paths that could not be read: reported first, whatever the reading order. */
  unreadable: Diagnostic[];
}

/** `compileRules(parseRulePaths(p))` is `loadRulePaths(p)`, in whichever thread it runs. */
export function compileRules(parsed: ParsedRules, options: EngineOptions = {}): RuleLoad {
  const load = assemble(parsed.documents, parsed.diagnostics.slice(), options.index !== false);
  load.diagnostics.unshift(...parsed.unreadable);
  if (options.strict) throwIfErrors(load.diagnostics);
  return load;
}

function throwIfErrors(diagnostics: Diagnostic[]): void {
  if (diagnostics.some((d) => d.severity === 'error')) throw new RuleLoadFailure(diagnostics);
}

function assemble(
  documents: SigmaDocument[],
  diagnostics: Diagnostic[],
  useIndex: boolean,
): RuleLoad {
  const seenIds = new Map<string, SourcePosition>();
  const rules: SigmaRule[] = [];
  const filters: SigmaFilter[] = [];
  const correlations: SigmaCorrelation[] = [];
  for (const doc of documents) {
    if (doc.id !== undefined) {
      const first = seenIds.get(doc.id);
      if (first) {
        diagnostics.push(
          toDiagnostic(
            DiagnosticCode.DuplicateId,
            `id ${doc.id} is already used by ${first.file}:${first.line}; this document is skipped`,
            doc.source,
            doc,
          ),
        );
        continue;
      }
      seenIds.set(doc.id, doc.source);
    }
    if (doc.type === 'rule') rules.push(doc);
    else if (doc.type === 'filter') filters.push(doc);
    else correlations.push(doc);
  }

  const registry = new FieldRegistry();
  const compiledFilters = filters.flatMap((f) => compileFilterOrReport(f, registry, diagnostics));
  const usableFilters = compiledFilters.map((c) => c.filter);
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    const applicable = compiledFilters.filter((c) => filterApplies(c.filter, rule));
    try {
      compiled.push(compileRule(rule, applicable, registry));
    } catch (e) {
      if (!(e instanceof SigmaError)) throw e;
      diagnostics.push(toDiagnostic(e.code, e.message, e.pos, rule));
    }
  }
  const loadedRefs = new Set<string>();
  for (const c of compiled) {
    if (c.rule.id) loadedRefs.add(c.rule.id);
    if (c.rule.name) loadedRefs.add(c.rule.name);
  }
  for (const f of usableFilters) {
    for (const ref of f.rules) {
      if (ref !== 'any' && !loadedRefs.has(ref)) {
        diagnostics.push(
          toDiagnostic(
            DiagnosticCode.FilterUnknownRule,
            `filter names rule '${ref}', which is not loaded`,
            f.source,
            f,
          ),
        );
      }
    }
  }
  for (const c of correlations) {
    for (const name of [c.id, c.name]) if (name) loadedRefs.add(name);
  }
  for (const c of correlations) {
    for (const ref of c.rules) {
      if (!loadedRefs.has(ref)) {
        diagnostics.push(
          toDiagnostic(
            DiagnosticCode.CorrelationUnknownRule,
            `correlation names rule '${ref}', which is not loaded`,
            c.source,
            c,
          ),
        );
      }
    }
    diagnostics.push(
      toDiagnostic(
        DiagnosticCode.CorrelationNotEvaluated,
        `${c.correlationType} correlation loaded and validated, but correlation rules are not evaluated yet: it raises no alerts`,
        c.source,
        c,
      ),
    );
  }

  // Report in reading order, whatever stage found the problem.
  diagnostics.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
  const ruleSet = new SigmaRuleSet(compiled, registry, useIndex);
  return {
    ruleSet,
    rules: ruleSet.rules.slice(),
    filters: usableFilters,
    correlations,
    diagnostics,
  };
}

/**
 * Compiles a filter once, for all the rules it applies to; its errors are reported against the
 * filter, and a filter that fails is left out (the rules still load, unfiltered).
 */
function compileFilterOrReport(
  f: SigmaFilter,
  registry: FieldRegistry,
  diagnostics: Diagnostic[],
): CompiledFilter[] {
  try {
    return [compileFilter(f, registry)];
  } catch (e) {
    if (!(e instanceof SigmaError)) throw e;
    diagnostics.push(toDiagnostic(e.code, `${e.message} (the filter is not applied)`, e.pos, f));
    return [];
  }
}

/**
 * A filter applies to a rule it names (by id or name, or `any`) when its logsource covers the
 * rule's: every logsource key the filter sets has the same value on the rule.
 */
export function filterApplies(f: SigmaFilter, rule: SigmaRule): boolean {
  const named = f.rules.some((r) => r === 'any' || r === rule.id || r === rule.name);
  if (!named) return false;
  for (const [key, value] of Object.entries(f.logsource)) {
    const ruleValue = rule.logsource[key];
    if (typeof value !== 'string') continue;
    if (typeof ruleValue !== 'string' || ruleValue.toLowerCase() !== value.toLowerCase())
      return false;
  }
  return true;
}
