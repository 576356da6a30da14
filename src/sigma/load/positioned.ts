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
  /** Numbers: the text as written (`10.0`, `0x1F`), which text modifiers must use. */
  raw?: string;
  /** Where the scalar's source text is, to map offsets inside it to positions. */
  src?: ScalarSource;
}

export interface ScalarSource {
  text: string;
  start: number;
  end: number;
  at: (offset: number) => SourcePosition;
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
      const budget = { nodes: MAX_NODES_PER_DOCUMENT, text, pos };
      const root = doc.contents ? convert(doc.contents as YamlNode, doc, at, 0, budget) : null;
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

// Aliases can nest and repeat: both bounds together stop a "billion laughs" document (a few
// hundred bytes that expand to millions of nodes) from exhausting time and memory. Real rules,
// even with thousands of IOC values, stay far below the node budget.
const MAX_ALIAS_DEPTH = 32;
const MAX_NODES_PER_DOCUMENT = 500_000;

interface Budget {
  nodes: number;
  text: string;
  pos: SourcePosition;
}

function convert(
  node: YamlNode,
  doc: Document.Parsed,
  at: At,
  aliasDepth: number,
  budget: Budget,
): PNode {
  const pos = at(node.range?.[0] ?? 0);
  if (--budget.nodes < 0) {
    throw new SigmaError(
      DiagnosticCode.YamlSyntax,
      `the document expands to more than ${MAX_NODES_PER_DOCUMENT} YAML nodes (through aliases?); split it`,
      budget.pos,
    );
  }
  if (isAlias(node)) {
    if (aliasDepth >= MAX_ALIAS_DEPTH) {
      throw new SigmaError(DiagnosticCode.YamlSyntax, 'YAML aliases nest too deeply', pos);
    }
    const target = (node as Alias).resolve(doc);
    if (!target) throw new SigmaError(DiagnosticCode.YamlSyntax, 'unresolved YAML alias', pos);
    return convert(target as YamlNode, doc, at, aliasDepth + 1, budget);
  }
  if (isScalar(node)) {
    const v = node.value;
    const src = node.range
      ? { text: budget.text, start: node.range[0], end: node.range[1], at }
      : undefined;
    if (typeof v === 'number') {
      const raw =
        typeof node.source === 'string' && node.type === 'PLAIN' ? node.source : undefined;
      return {
        kind: 'scalar',
        value: v,
        pos,
        ...(raw !== undefined && { raw }),
        ...(src && { src }),
      };
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') {
      return { kind: 'scalar', value: v, pos, ...(src && { src }) };
    }
    if (typeof v === 'bigint') return { kind: 'scalar', value: Number(v), pos };
    if (v === undefined) return { kind: 'scalar', value: null, pos };
    return { kind: 'scalar', value: String(v), pos };
  }
  if (isSeq(node)) {
    return {
      kind: 'seq',
      items: node.items.map((item) => convert(item as YamlNode, doc, at, aliasDepth, budget)),
      pos,
    };
  }
  if (isMap(node)) {
    const entries: PEntry[] = [];
    const merged: PEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyPos = keyNode?.range ? at(keyNode.range[0]) : pos;
      const value: PNode = pair.value
        ? convert(pair.value as YamlNode, doc, at, aliasDepth, budget)
        : { kind: 'scalar', value: null, pos: keyPos };
      // The yaml package marks a merge key (`<<`) with a symbol value.
      if (isScalar(keyNode) && (typeof keyNode.value === 'symbol' || keyNode.value === '<<')) {
        mergeInto(merged, value);
        continue;
      }
      const key = isScalar(keyNode) ? String(keyNode.value ?? '') : String(keyNode ?? '');
      entries.push({ key, keyPos, value });
    }
    // Keys written in the map win over merged ones, wherever the `<<` stands.
    for (const e of merged) if (!entries.some((x) => x.key === e.key)) entries.push(e);
    return { kind: 'map', entries, pos };
  }
  throw new SigmaError(DiagnosticCode.YamlSyntax, 'unsupported YAML node', pos);
}

/** YAML merge keys (`<<: *base` or `<<: [*a, *b]`): earlier sources win. */
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

/**
 * Source position of each character of a scalar's value. Plain and quoted scalars keep their
 * value characters in order in the source (folding and escapes only add source characters), so
 * each value character maps to the next equal source character.
 */
export function valuePositions(scalar: PScalar, value: string): SourcePosition[] {
  const src = scalar.src;
  if (!src) return [];
  const out: SourcePosition[] = [];
  let j = src.start;
  for (let i = 0; i < value.length; i++) {
    let k = j;
    while (k < src.end && src.text[k] !== value[i]) k++;
    if (k >= src.end) break;
    out.push(src.at(k));
    j = k + 1;
  }
  return out;
}
