import type { RuleMetadata, SourcePosition } from '../ast.js';
import { DiagnosticCode, SigmaError } from '../diagnostics.js';
import { checkFields } from './metadata-fields.js';
import { getEntry, toPlain, type PMap, type PNode } from './positioned.js';

/** Keys with a meaning in the Sigma standard; every other top-level key is a custom attribute. */
const STANDARD_KEYS = new Set([
  'title',
  'id',
  'name',
  'status',
  'description',
  'references',
  'author',
  'date',
  'modified',
  'tags',
  'logsource',
  'level',
  'falsepositives',
  'fields',
  'related',
  'detection',
  'filter',
  'correlation',
  'license',
  'taxonomy',
  'scope',
]);

export function readMetadata(root: PMap, requireLogsource: boolean): RuleMetadata {
  const plain: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const e of root.entries) {
    if (STANDARD_KEYS.has(e.key)) plain[e.key] = toPlain(e.value);
    else custom[e.key] = toPlain(e.value);
  }
  if (!('title' in plain)) {
    throw new SigmaError(DiagnosticCode.Metadata, 'missing required field `title`', root.pos);
  }
  const parsed = checkFields(plain);
  if (!parsed.ok) {
    const pos = positionOfPath(root, parsed.path) ?? root.pos;
    const where = parsed.path.join('.');
    throw new SigmaError(DiagnosticCode.Metadata, `${where}: ${parsed.message}`, pos);
  }
  const m = parsed.data;
  if (requireLogsource && !m.logsource) {
    throw new SigmaError(DiagnosticCode.Metadata, 'missing required field `logsource`', root.pos);
  }
  const logsource: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.logsource ?? {})) if (v !== null) logsource[k] = v;
  const meta: RuleMetadata = {
    title: m.title,
    references: m.references ?? [],
    tags: m.tags ?? [],
    logsource,
    falsepositives: m.falsepositives ?? [],
    fields: m.fields ?? [],
    related: m.related ?? [],
    custom,
    source: root.pos,
  };
  if (m.id !== undefined) meta.id = m.id;
  if (m.name !== undefined) meta.name = m.name;
  if (m.status !== undefined) meta.status = m.status;
  if (m.description !== undefined) meta.description = m.description;
  if (m.author !== undefined) meta.author = m.author;
  if (m.date !== undefined) meta.date = m.date;
  if (m.modified !== undefined) meta.modified = m.modified;
  if (m.level !== undefined) meta.level = m.level;
  for (const key of ['license', 'taxonomy', 'scope']) {
    if (key in plain) meta.custom[key] = plain[key];
  }
  return meta;
}

/** Best-effort id/title for a document whose metadata failed, so its errors still name it. */
export function identify(root: PMap): { id?: string; title?: string } {
  const out: { id?: string; title?: string } = {};
  const id = getEntry(root, 'id')?.value;
  const title = getEntry(root, 'title')?.value;
  if (id?.kind === 'scalar' && id.value !== null) out.id = String(id.value);
  if (title?.kind === 'scalar' && typeof title.value === 'string') out.title = title.value;
  return out;
}

function positionOfPath(root: PNode, path: PropertyKey[]): SourcePosition | undefined {
  let node: PNode | undefined = root;
  let pos: SourcePosition | undefined = root.pos;
  for (const key of path) {
    if (!node) break;
    if (node.kind === 'map') {
      const e = getEntry(node, String(key));
      node = e?.value;
      pos = e?.value.pos ?? pos;
    } else if (node.kind === 'seq' && typeof key === 'number') {
      node = node.items[key];
      pos = node?.pos ?? pos;
    } else {
      break;
    }
  }
  return pos;
}
