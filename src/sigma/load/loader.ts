import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type {
  SigmaCorrelation,
  SigmaDocument,
  SigmaFilter,
  SigmaRule,
  SourcePosition,
} from '../ast.js';
import { RuleLoadFailure, type LoadOptions, type RuleLoad, type RuleSource } from '../api.js';
import { FieldRegistry } from '../compile/context.js';
import { DiagnosticCode, SigmaError, toDiagnostic, type Diagnostic } from '../diagnostics.js';
import {
  compileFilter,
  compileRule,
  SigmaRuleSet,
  type CompiledFilter,
  type CompiledRule,
} from '../ruleset.js';
import { expandCollection } from './collection.js';
import { readDocument } from './document.js';
import { identify } from './metadata.js';
import { parseYamlDocuments } from './positioned.js';

export interface EngineOptions extends LoadOptions {
  /** Use the candidate-rule index (default true). Off only to compare against it in tests. */
  index?: boolean;
}

export function loadRuleSources(sources: RuleSource[], options: EngineOptions = {}): RuleLoad {
  const diagnostics: Diagnostic[] = [];
  const documents: SigmaDocument[] = [];
  for (const source of sources) {
    const { documents: expanded, errors } = expandCollection(
      parseYamlDocuments(source.text, source.file),
    );
    for (const e of errors) diagnostics.push(toDiagnostic(e.code, e.message, e.pos));
    for (const { root } of expanded) {
      try {
        documents.push(readDocument(root));
      } catch (e) {
        if (!(e instanceof SigmaError)) throw e;
        diagnostics.push(toDiagnostic(e.code, e.message, e.pos, identify(root)));
      }
    }
  }
  return assemble(documents, diagnostics, options);
}

/** Loads `.yml`/`.yaml` files from files and directories (recursively, in sorted order). */
export function loadRulePaths(paths: string[], options: EngineOptions = {}): RuleLoad {
  const sources: RuleSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) collectFiles(p, true, sources, diagnostics);
  const load = loadRuleSources(sources, { ...options, strict: false });
  load.diagnostics.unshift(...diagnostics);
  if (options.strict) throwIfErrors(load.diagnostics);
  return load;
}

function collectFiles(
  path: string,
  explicit: boolean,
  out: RuleSource[],
  diagnostics: Diagnostic[],
): void {
  const at: SourcePosition = { file: path, line: 1, column: 1 };
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      const names = readdirSync(path).sort();
      for (const name of names) collectFiles(join(path, name), false, out, diagnostics);
    } else if (explicit || /\.ya?ml$/i.test(path)) {
      out.push({ file: path, text: readFileSync(path, 'utf8') });
    }
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    diagnostics.push(toDiagnostic(DiagnosticCode.Io, `cannot read ${path}: ${reason}`, at));
  }
}

function throwIfErrors(diagnostics: Diagnostic[]): void {
  if (diagnostics.some((d) => d.severity === 'error')) throw new RuleLoadFailure(diagnostics);
}

function assemble(
  documents: SigmaDocument[],
  diagnostics: Diagnostic[],
  options: EngineOptions,
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
  const ruleSet = new SigmaRuleSet(compiled, registry, options.index !== false);
  const load: RuleLoad = {
    ruleSet,
    rules: ruleSet.rules.slice(),
    filters: usableFilters,
    correlations,
    diagnostics,
  };
  if (options.strict) throwIfErrors(diagnostics);
  return load;
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
