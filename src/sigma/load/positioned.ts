import {
  Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { SigmaScalar, SourcePosition } from '../ast.js';
import { DiagnosticCode, SigmaError } from '../diagnostics.js';

/**
 * A YAML value that remembers where it was written. The loader works on these instead of plain
 * JS values so that every error, even after collection merging, can point at file:line:column.
 */
export type PNode = PMap | PSeq | PScalar;

export interface PEntry {
  key: string;
  keyPos: SourcePosition;
  value: PNode;
}

export interface PMap {
  kind: 'map';
  entries: PEntry[];
  pos: SourcePosition;
}

export interface PSeq {
  kind: 'seq';
  items: PNode[];
  pos: SourcePosition;
}

export interface PScalar {
  kind: 'scalar';
  value: SigmaScalar;
  pos: SourcePosition;
}

export interface ParsedYamlDocument {
  /** null for an empty document. */
  root: PNode | null;
  pos: SourcePosition;
  /** YAML errors (syntax, duplicate keys); the document is unusable when non-empty. */
  errors: SigmaError[];
}

export function parseYamlDocuments(text: string, file: string): ParsedYamlDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  // parseAllDocuments returns an EmptyStream (array-like, no documents) for empty input.
  if (!Array.isArray(docs)) return [];
  return docs.map((doc: Document.Parsed) => {
    const pos = at(doc.range[0]);
    const errors = doc.errors.map(
      (e) => new SigmaError(DiagnosticCode.YamlSyntax, firstLine(e.message), at(e.pos[0])),
    );
    if (errors.length > 0) return { root: null, pos, errors };
    try {
      const root = doc.contents ? convert(doc.contents as YamlNode, doc, at, 0) : null;
      return { root, pos: root?.pos ?? pos, errors };
    } catch (e) {
      if (e instanceof SigmaError) return { root: null, pos, errors: [e] };
      throw e;
    }
  });
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

type At = (offset: number) => SourcePosition;

// Aliases can nest; a small bound stops a "billion laughs" document from exhausting memory.
const MAX_ALIAS_DEPTH = 32;

function convert(node: YamlNode, doc: Document.Parsed, at: At, aliasDepth: number): PNode {
  const pos = at(node.range?.[0] ?? 0);
  if (isAlias(node)) {
    if (aliasDepth >= MAX_ALIAS_DEPTH) {
      throw new SigmaError(DiagnosticCode.YamlSyntax, 'YAML aliases nest too deeply', pos);
    }
    const target = (node as Alias).resolve(doc);
    if (!target) throw new SigmaError(DiagnosticCode.YamlSyntax, 'unresolved YAML alias', pos);
    return convert(target as YamlNode, doc, at, aliasDepth + 1);
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      return { kind: 'scalar', value: v, pos };
    }
    if (typeof v === 'bigint') return { kind: 'scalar', value: Number(v), pos };
    if (v === undefined) return { kind: 'scalar', value: null, pos };
    return { kind: 'scalar', value: String(v), pos };
  }
  if (isSeq(node)) {
    return {
      kind: 'seq',
      items: node.items.map((item) => convert(item as YamlNode, doc, at, aliasDepth)),
      pos,
    };
  }
  if (isMap(node)) {
    const entries: PEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyPos = keyNode?.range ? at(keyNode.range[0]) : pos;
      const key = isScalar(keyNode) ? String(keyNode.value ?? '') : String(keyNode ?? '');
      const value: PNode = pair.value
        ? convert(pair.value as YamlNode, doc, at, aliasDepth)
        : { kind: 'scalar', value: null, pos: keyPos };
      if (key === '<<') {
        mergeInto(entries, value);
        continue;
      }
      entries.push({ key, keyPos, value });
    }
    return { kind: 'map', entries, pos };
  }
  throw new SigmaError(DiagnosticCode.YamlSyntax, 'unsupported YAML node', pos);
}

/** YAML merge keys (`<<: *base`): keys already present win. */
function mergeInto(entries: PEntry[], source: PNode): void {
  const sources = source.kind === 'seq' ? source.items : [source];
  for (const s of sources) {
    if (s.kind !== 'map') continue;
    for (const e of s.entries) {
      if (!entries.some((x) => x.key === e.key)) entries.push(e);
    }
  }
}

export function getEntry(map: PMap, key: string): PEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** Plain JS value of a node (for metadata and custom attributes). */
export function toPlain(node: PNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}
