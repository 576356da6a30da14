import { DiagnosticCode, SigmaError } from '../diagnostics.js';
import { getEntry, type ParsedYamlDocument, type PMap, type PNode } from './positioned.js';

/** A document ready to be read as a rule, after `action: global/reset/repeat` are applied. */
export interface ExpandedDocument {
  root: PMap;
}

/**
 * Applies Sigma rule-collection actions within one file. Errors are returned alongside the
 * documents so one bad document never hides the others.
 */
export function expandCollection(docs: ParsedYamlDocument[]): {
  documents: ExpandedDocument[];
  errors: SigmaError[];
} {
  const documents: ExpandedDocument[] = [];
  const errors: SigmaError[] = [];
  let global: PMap | null = null;
  let previous: PMap | null = null;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      errors.push(...doc.errors);
      continue;
    }
    const root = doc.root;
    if (root === null) continue;
    if (root.kind !== 'map') {
      errors.push(
        new SigmaError(
          DiagnosticCode.NotARule,
          'a Sigma document must be a YAML map with title, logsource and detection',
          root.pos,
        ),
      );
      continue;
    }
    const action = getEntry(root, 'action');
    if (!action) {
      const merged: PMap = global ? mergeMaps(global, root) : root;
      documents.push({ root: merged });
      previous = merged;
      continue;
    }
    const actionName = action.value.kind === 'scalar' ? action.value.value : null;
    const body = withoutKey(root, 'action');
    switch (actionName) {
      case 'global':
        global = global ? mergeMaps(global, body) : body;
        break;
      case 'reset':
        global = null;
        break;
      case 'repeat':
        if (!previous) {
          errors.push(
            new SigmaError(
              DiagnosticCode.Collection,
              '`action: repeat` needs a previous rule document in the same file',
              action.keyPos,
            ),
          );
          break;
        }
        previous = mergeMaps(previous, body);
        documents.push({ root: previous });
        break;
      default:
        errors.push(
          new SigmaError(
            DiagnosticCode.Collection,
            `unknown action ${JSON.stringify(actionName)}: use global, reset or repeat`,
            action.value.pos,
          ),
        );
    }
  }
  return { documents, errors };
}

function withoutKey(map: PMap, key: string): PMap {
  return { ...map, entries: map.entries.filter((e) => e.key !== key) };
}

/** Deep merge: maps merge key by key, anything else in `over` replaces what `base` had. */
export function mergeMaps(base: PMap, over: PMap): PMap {
  const entries = base.entries.slice();
  for (const e of over.entries) {
    const i = entries.findIndex((x) => x.key === e.key);
    if (i < 0) {
      entries.push(e);
      continue;
    }
    const old = entries[i]!;
    entries[i] = { ...e, value: mergeNodes(old.value, e.value) };
  }
  return { kind: 'map', entries, pos: over.pos };
}

function mergeNodes(base: PNode, over: PNode): PNode {
  return base.kind === 'map' && over.kind === 'map' ? mergeMaps(base, over) : over;
}
