import type { SigmaDocument, SigmaFilter, SigmaRule, SourcePosition } from '../ast.js';
import { DiagnosticCode, SigmaError } from '../diagnostics.js';
import { readCorrelation } from './correlation.js';
import { readDetectionSection } from './detection.js';
import { readMetadata } from './metadata.js';
import { getEntry, type PMap, type PNode } from './positioned.js';

/** Reads one expanded YAML document as a rule, a filter or a correlation rule. */
export function readDocument(root: PMap): SigmaDocument {
  const detection = getEntry(root, 'detection');
  const filter = getEntry(root, 'filter');
  const correlation = getEntry(root, 'correlation');
  const kinds = [detection, filter, correlation].filter(Boolean);
  if (kinds.length === 0) {
    throw new SigmaError(
      DiagnosticCode.NotARule,
      'not a Sigma rule: expected a `detection`, `filter` or `correlation` section',
      root.pos,
    );
  }
  if (kinds.length > 1) {
    throw new SigmaError(
      DiagnosticCode.NotARule,
      'a document can be only one of rule (`detection`), filter (`filter`) or correlation (`correlation`)',
      kinds[1]!.keyPos,
    );
  }
  if (detection) {
    const meta = readMetadata(root, true);
    const section = readDetectionSection(detection.value, 'detection', detection.keyPos);
    const rule: SigmaRule = { ...meta, type: 'rule', ...section };
    return rule;
  }
  if (filter) return readFilter(root, filter.value, filter.keyPos);
  return readCorrelation(root, correlation!.value);
}

function readFilter(root: PMap, section: PNode, keyPos: SourcePosition): SigmaFilter {
  const meta = readMetadata(root, true);
  if (section.kind !== 'map') {
    throw new SigmaError(
      DiagnosticCode.Filter,
      '`filter` must be a map with rules, selections and condition',
      section.pos,
    );
  }
  const rulesEntry = getEntry(section, 'rules');
  if (!rulesEntry) {
    throw new SigmaError(
      DiagnosticCode.Filter,
      '`filter.rules` is required: the ids or names of the rules to filter, or `any`',
      section.pos,
    );
  }
  const v = rulesEntry.value;
  let rules: string[];
  if (v.kind === 'scalar' && typeof v.value === 'string') rules = [v.value];
  else if (
    v.kind === 'seq' &&
    v.items.length > 0 &&
    v.items.every((i) => i.kind === 'scalar' && typeof i.value === 'string')
  ) {
    rules = v.items.map((i) => String((i as { value: unknown }).value));
  } else {
    throw new SigmaError(
      DiagnosticCode.Filter,
      '`filter.rules` must be a rule id/name or a list of them',
      v.pos,
    );
  }
  const condition = getEntry(section, 'condition');
  if (!condition) {
    throw new SigmaError(
      DiagnosticCode.Filter,
      'a filter needs a `condition`, usually `not selection`',
      section.pos,
    );
  }
  if (condition.value.kind === 'seq') {
    throw new SigmaError(
      DiagnosticCode.Filter,
      'a filter has exactly one condition string, not a list',
      condition.value.pos,
    );
  }
  const parsed = readDetectionSection(section, 'filter', keyPos, ['rules']);
  return { ...meta, type: 'filter', rules, ...parsed };
}
