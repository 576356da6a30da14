import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { compileEql, EqlCompileError, EqlSyntaxError } from '../index.js';
import type { EqlCompileOptions, EqlDialect, EqlPosition } from '../types.js';
import type { EqlDiagnostic, LoadedEqlQuery, QuerySource } from './types.js';
import {
  unwrapEql,
  unwrapToml,
  unwrapYaml,
  WrapperError,
  type UnwrappedQuery,
} from './wrappers.js';

export type * from './types.js';

const UNWRAP: Record<string, (text: string, stem: string) => UnwrappedQuery> = {
  '.eql': unwrapEql,
  '.toml': unwrapToml,
  '.yaml': unwrapYaml,
  '.yml': unwrapYaml,
};

export interface EqlLoadResult {
  queries: LoadedEqlQuery[];
  diagnostics: EqlDiagnostic[];
}

/**
 * Loads EQL queries from files and directories (recursive: `.eql`, `.toml`, `.yaml`, `.yml`)
 * and compiles each for every dialect asked. A bad file never stops the others: it becomes a
 * diagnostic located in the file (query positions are mapped through the wrapper).
 */
export function loadEqlPaths(
  paths: string[],
  dialects: readonly EqlDialect[],
  options: Omit<EqlCompileOptions, 'dialect'> = {},
): EqlLoadResult {
  const out: EqlLoadResult = { queries: [], diagnostics: [] };
  const seen = new Map<string, string>();
  for (const file of expand(paths, out.diagnostics)) {
    let text: string;
    try {
      // An editor's byte-order mark is not part of the query.
      text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      out.diagnostics.push(diag('error', 'E_EQL_IO', `cannot read: ${(e as Error).message}`, file));
      continue;
    }
    let unwrapped: UnwrappedQuery;
    try {
      unwrapped = UNWRAP[extname(file).toLowerCase()]!(text, basename(file, extname(file)));
    } catch (e) {
      // Whatever a hostile file does to the parsers, it is this file's problem only.
      if (!(e instanceof WrapperError)) {
        const why = `cannot read the query file: ${(e as Error).message}`;
        out.diagnostics.push(diag('error', 'E_EQL_FILE', why, file));
        continue;
      }
      const severity = e.code.startsWith('N_') ? 'notice' : 'error';
      out.diagnostics.push(diag(severity, e.code, e.message, file, e.line, e.column));
      continue;
    }
    const { meta, source } = unwrapped;
    const where = { file, line: source.line };
    const earlier = seen.get(meta.id);
    if (earlier) {
      out.diagnostics.push({
        ...diag(
          'error',
          'E_EQL_DUPLICATE_ID',
          `query id "${meta.id}" is also used by ${earlier}: give each query its own id`,
          file,
          source.line,
          source.column,
        ),
        queryId: meta.id,
      });
      continue;
    }
    seen.set(meta.id, file);
    for (const dialect of dialects) {
      try {
        const compiled = compileEql(source.text, { ...options, dialect });
        out.queries.push({ meta: { ...meta, ...where }, text: source.text, dialect, compiled });
        for (const w of compiled.warnings) {
          const at = inFile(source, w.line, w.column);
          out.diagnostics.push({
            ...diag(
              'warning',
              w.code,
              withQueryPosition(w.message, source, w),
              file,
              at.line,
              at.column,
            ),
            queryId: meta.id,
            dialect,
          });
        }
      } catch (e) {
        const located = e instanceof EqlSyntaxError || e instanceof EqlCompileError;
        const at = located
          ? inFile(source, e.line, e.column)
          : { line: source.line, column: source.column };
        const code = e instanceof EqlSyntaxError ? 'E_EQL_SYNTAX' : 'E_EQL_COMPILE';
        const message = !located
          ? `cannot compile the query: ${(e as Error).message}`
          : withQueryPosition(e.detail, source, e);
        out.diagnostics.push({
          ...diag('error', code, message, file, at.line, at.column),
          queryId: meta.id,
          dialect,
        });
      }
    }
  }
  return out;
}

/** `file:line:column: severity CODE [query id, dialect]: message`, like Sigma diagnostics. */
export function formatEqlDiagnostic(d: EqlDiagnostic): string {
  const who = d.queryId ? ` [${d.queryId}${d.dialect ? `, ${d.dialect} dialect` : ''}]` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}${who}: ${d.message}`;
}

function withQueryPosition(message: string, source: QuerySource, at: EqlPosition): string {
  return source.exact ? message : `${message} (query line ${at.line}, column ${at.column})`;
}

function inFile(
  source: QuerySource,
  line: number,
  column: number,
): { line: number; column: number } {
  // A query whose text was unescaped (a YAML double-quoted scalar, a TOML basic string) has no
  // line-for-line image in the file: point at its start; the message keeps the query position.
  if (!source.exact) return { line: source.line, column: source.column };
  if (line <= 1) return { line: source.line, column: source.column + column - 1 };
  return { line: source.line + line - 1, column: source.indent + column };
}

function expand(paths: string[], diagnostics: EqlDiagnostic[]): string[] {
  const files: string[] = [];
  const walk = (path: string, explicit: boolean): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch (e) {
      diagnostics.push(diag('error', 'E_EQL_IO', `cannot read: ${(e as Error).message}`, path));
      return;
    }
    if (stat.isDirectory()) {
      const before = files.length;
      for (const name of readdirSync(path).sort()) walk(join(path, name), false);
      // Named on the command line and empty: the user believes queries ran, so say none did.
      if (explicit && files.length === before)
        diagnostics.push(
          diag(
            'error',
            'E_EQL_IO',
            'no query files (.eql, .toml, .yaml, .yml) in this directory',
            path,
          ),
        );
      return;
    }
    const ext = extname(path).toLowerCase();
    if (ext in UNWRAP) files.push(path);
    else if (explicit)
      diagnostics.push(
        diag(
          'error',
          'E_EQL_FILE',
          `unknown query file type "${ext || '(none)'}": use .eql, .toml, .yaml or .yml`,
          path,
        ),
      );
  };
  for (const p of paths) walk(p, true);
  return files;
}

function diag(
  severity: EqlDiagnostic['severity'],
  code: string,
  message: string,
  file: string,
  line = 1,
  column = 1,
): EqlDiagnostic {
  return { severity, code, message, file, line, column };
}
