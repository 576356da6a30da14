import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SigmaDocument, SourcePosition } from '../ast.js';
import type { RuleLoad, RuleSource } from '../api.js';
import { DiagnosticCode, SigmaError, toDiagnostic, type Diagnostic } from '../diagnostics.js';
import { compileRules, type EngineOptions, type ParsedRules } from './assemble.js';
import { expandCollection } from './collection.js';
import { readDocument } from './document.js';
import { identify } from './metadata.js';
import { parseYamlDocuments } from './positioned.js';

export { compileRules, filterApplies, type EngineOptions, type ParsedRules } from './assemble.js';

export function loadRuleSources(sources: RuleSource[], options: EngineOptions = {}): RuleLoad {
  return compileRules(parseRuleSources(sources), options);
}

/** Loads `.yml`/`.yaml` files from files and directories (recursively, in sorted order). */
export function loadRulePaths(paths: string[], options: EngineOptions = {}): RuleLoad {
  return compileRules(parseRulePaths(paths), options);
}

/** Reads and parses rule files without compiling them (see {@link compileRules}). */
export function parseRulePaths(paths: string[]): ParsedRules {
  const sources: RuleSource[] = [];
  const unreadable: Diagnostic[] = [];
  for (const p of paths) collectFiles(p, true, sources, unreadable);
  return { ...parseRuleSources(sources), unreadable };
}

export function parseRuleSources(sources: RuleSource[]): ParsedRules {
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
  return { documents, diagnostics, unreadable: [] };
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
