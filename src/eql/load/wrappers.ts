import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isScalar, LineCounter, parseDocument, Scalar } from 'yaml';
import { z } from 'zod';
import { tacticTag } from '../../alert/mitre.js';
import { isSeverity } from '../../alert/severity.js';
import type { EqlQueryMeta, QuerySource } from './types.js';

/** Metadata and query text from one file, before compilation. */
export interface UnwrappedQuery {
  meta: Omit<EqlQueryMeta, 'file' | 'line'>;
  source: QuerySource;
}

export class WrapperError extends Error {
  constructor(
    readonly code: 'E_EQL_FILE' | 'E_EQL_METADATA' | 'N_EQL_NOT_EQL',
    message: string,
    readonly line = 1,
    readonly column = 1,
  ) {
    super(message);
  }
}

// A bare query carries no grade; medium is what a detection nobody has tuned deserves.
const DEFAULT_SEVERITY = 'medium';

export function unwrapEql(text: string, fileStem: string): UnwrappedQuery {
  return {
    meta: { id: fileStem, name: fileStem, severity: DEFAULT_SEVERITY, tags: [] },
    source: { text, line: 1, column: 1, indent: 0, exact: true },
  };
}

const tomlRule = z.object({
  rule: z.object({
    name: z.string().min(1),
    query: z.string().min(1),
    language: z.string().optional(),
    type: z.string().optional(),
    rule_id: z.string().min(1).optional(),
    severity: z.string().optional(),
    description: z.string().optional(),
    threat: z.array(z.unknown()).optional(),
  }),
});

/** An Elastic detection-rules TOML file (`[rule]` with `language = "eql"` and `query`). */
export function unwrapToml(text: string, fileStem: string): UnwrappedQuery {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (e) {
    const err = e as TomlError;
    throw new WrapperError(
      'E_EQL_FILE',
      `not valid TOML: ${firstLine(err.message)}`,
      err.line ?? 1,
      err.column ?? 1,
    );
  }
  const parsed = tomlRule.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WrapperError(
      'E_EQL_METADATA',
      `${issue.path.join('.')}: ${issue.message} (an Elastic rule needs [rule] name and query)`,
    );
  }
  const rule = parsed.data.rule;
  const language = rule.language ?? rule.type;
  if (language !== undefined && language.toLowerCase() !== 'eql')
    throw new WrapperError('N_EQL_NOT_EQL', `rule.language is "${language}", not "eql": skipped`);
  return {
    meta: {
      id: rule.rule_id ?? fileStem,
      name: rule.name,
      severity: severityOf(rule.severity, text),
      tags: threatTags(rule.threat ?? []),
      ...(rule.description ? { description: rule.description } : {}),
    },
    source: locateInText(text, rule.query, /^[ \t]*query[ \t]*=[ \t]*("""|'''|"|')?/m),
  };
}

const yamlWrapper = z.object({
  name: z.string().min(1),
  query: z.string().min(1),
  id: z.string().min(1).optional(),
  severity: z.string().optional(),
  language: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

/** A YAML wrapper: `name`, `query` and optional `id`, `severity`, `tags`, `description`. */
export function unwrapYaml(text: string, fileStem: string): UnwrappedQuery {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const at = lines.linePos(err.pos[0]);
    throw new WrapperError(
      'E_EQL_FILE',
      `not valid YAML: ${firstLine(err.message)}`,
      at.line,
      at.col,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // The yaml package refuses alias bombs (billions of laughs) here, after parsing.
    throw new WrapperError('E_EQL_FILE', `not usable YAML: ${firstLine((e as Error).message)}`);
  }
  const parsed = yamlWrapper.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = issue.path.length > 0 ? doc.getIn(issue.path as string[], true) : doc.contents;
    const at = lines.linePos((node as { range?: [number] } | undefined)?.range?.[0] ?? 0);
    throw new WrapperError(
      'E_EQL_METADATA',
      `${issue.path.join('.') || '(document)'}: ${issue.message} (an EQL wrapper needs name and query)`,
      at.line,
      at.col,
    );
  }
  const w = parsed.data;
  if (w.language !== undefined && w.language.toLowerCase() !== 'eql')
    throw new WrapperError('N_EQL_NOT_EQL', `language is "${w.language}", not "eql": skipped`);
  return {
    meta: {
      id: w.id ?? fileStem,
      name: w.name,
      severity: severityOf(w.severity, text),
      tags: (w.tags ?? []).map(normalizeTag),
      ...(w.description ? { description: w.description } : {}),
    },
    source: yamlQuerySource(doc, lines, text),
  };
}

function yamlQuerySource(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  text: string,
): QuerySource {
  const root = doc.contents;
  const node = isMap(root) ? root.get('query', true) : undefined;
  if (!isScalar(node) || !node.range || typeof node.value !== 'string')
    return { text: String(doc.get('query')), line: 1, column: 1, indent: 0, exact: false };
  const value = node.value;
  if (node.type === Scalar.BLOCK_LITERAL) {
    // A literal block's content starts on the line after its `|` header, every line indented
    // alike, so positions map line for line.
    const headerEnd = text.indexOf('\n', node.range[0]);
    const first = lines.linePos(headerEnd + 1);
    const indent = /^[ ]*/.exec(text.slice(headerEnd + 1))![0].length;
    return { text: value, line: first.line, column: indent + 1, indent, exact: true };
  }
  // Quoted scalars start one column after their quote.
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const start = node.range[0] + (quoted ? 1 : 0);
  const at = lines.linePos(start);
  // Folded blocks, escapes and line folding change the text: then only the start is known.
  const verbatim =
    node.type !== Scalar.BLOCK_FOLDED &&
    !value.includes('\n') &&
    text.slice(start, start + value.length) === value;
  return { text: value, line: at.line, column: at.col, indent: 0, exact: verbatim };
}

/**
 * Finds the query's literal text in the file (a TOML literal string holds it verbatim); a basic
 * string with escapes does not, so only where its value starts is known.
 */
function locateInText(text: string, query: string, keyPattern: RegExp): QuerySource {
  const key = keyPattern.exec(text);
  // Searched from the key on: a description or comment may quote the query too.
  const at = text.indexOf(query, key?.index ?? 0);
  if (at >= 0) return { text: query, ...positionAt(text, at), indent: 0, exact: true };
  if (!key) return { text: query, line: 1, column: 1, indent: 0, exact: false };
  let start = key.index + key[0].length;
  // A multi-line string's first newline, right after the opening quotes, is not part of it.
  if (/^\r?\n/.test(text.slice(start))) start = text.indexOf('\n', start) + 1;
  return { text: query, ...positionAt(text, start), indent: 0, exact: false };
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function severityOf(value: string | undefined, _text: string): EqlQueryMeta['severity'] {
  if (value === undefined) return DEFAULT_SEVERITY;
  const s = value.toLowerCase();
  if (isSeverity(s)) return s;
  throw new WrapperError(
    'E_EQL_METADATA',
    `severity "${value}" is not one of informational, low, medium, high, critical`,
  );
}

/** ATT&CK ids and tactic names from Elastic's `[[rule.threat]]` tables, as Sigma-style tags. */
function threatTags(threats: unknown[]): string[] {
  const tags = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string' && /^T\d{4}(\.\d{3})?$/i.test(o.id))
      tags.add(`attack.${o.id.toLowerCase()}`);
    if (typeof o.id === 'string' && /^TA\d{4}$/i.test(o.id) && typeof o.name === 'string') {
      const tactic = tacticTag(o.name);
      if (tactic) tags.add(tactic);
    }
    for (const v of Object.values(o)) if (typeof v === 'object') visit(v);
  };
  visit(threats);
  return [...tags];
}

/** `T1053.007` → `attack.t1053.007`; `Privilege Escalation` → `attack.privilege-escalation`. */
function normalizeTag(tag: string): string {
  const t = tag.trim();
  if (/^attack\./i.test(t)) return t.toLowerCase();
  if (/^T\d{4}(\.\d{3})?$/i.test(t)) return `attack.${t.toLowerCase()}`;
  return tacticTag(t) ?? t;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
