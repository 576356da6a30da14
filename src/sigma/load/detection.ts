import type {
  DetectionGroup,
  DetectionNode,
  FieldItem,
  ParsedCondition,
  RuleValue,
  SourcePosition,
} from '../ast.js';
import { ConditionSyntaxError, parseCondition } from '../condition/parse.js';
import { DiagnosticCode, SigmaError } from '../diagnostics.js';
import { valuePositions, type PMap, type PNode, type PScalar } from './positioned.js';

export interface ParsedDetection {
  detection: Map<string, DetectionNode>;
  conditions: ParsedCondition[];
}

/**
 * Reads a `detection:` (or filter's `filter:`) section: named search identifiers plus
 * `condition`. `ignoredKeys` are section keys with another meaning (a filter's `rules`).
 */
export function readDetectionSection(
  section: PNode,
  sectionName: string,
  keyPos: SourcePosition,
  ignoredKeys: readonly string[] = [],
): ParsedDetection {
  if (section.kind !== 'map') {
    throw new SigmaError(
      DiagnosticCode.DetectionShape,
      `\`${sectionName}\` must be a map`,
      section.pos,
    );
  }
  const detection = new Map<string, DetectionNode>();
  let conditionNode: PNode | undefined;
  for (const entry of section.entries) {
    if (entry.key === 'condition') {
      conditionNode = entry.value;
    } else if (entry.key === 'timeframe') {
      throw new SigmaError(
        DiagnosticCode.ConditionAggregation,
        '`timeframe` belongs to Sigma v1 aggregations; use a correlation rule with `timespan`',
        entry.keyPos,
      );
    } else if (!ignoredKeys.includes(entry.key)) {
      detection.set(entry.key, readSearchIdentifier(entry.value, entry.key));
    }
  }
  if (!conditionNode) {
    throw new SigmaError(
      DiagnosticCode.DetectionShape,
      `\`${sectionName}\` has no \`condition\`: add one, e.g. \`condition: selection\``,
      keyPos,
    );
  }
  if (detection.size === 0) {
    throw new SigmaError(
      DiagnosticCode.DetectionShape,
      `\`${sectionName}\` defines no search identifier`,
      keyPos,
    );
  }
  return { detection, conditions: readConditions(conditionNode) };
}

function readConditions(node: PNode): ParsedCondition[] {
  const scalars: PScalar[] = node.kind === 'seq' ? (node.items as PScalar[]) : [node as PScalar];
  if (scalars.length === 0) {
    throw new SigmaError(DiagnosticCode.ConditionSyntax, 'the condition list is empty', node.pos);
  }
  return scalars.map((s) => {
    if (s.kind !== 'scalar' || typeof s.value !== 'string' || s.value.trim() === '') {
      throw new SigmaError(
        DiagnosticCode.ConditionSyntax,
        'a condition must be a non-empty string',
        s.pos,
      );
    }
    const text = s.value;
    const positions = valuePositions(s, text);
    try {
      return { text, ast: parseCondition(text), pos: s.pos, positions };
    } catch (e) {
      if (!(e instanceof ConditionSyntaxError)) throw e;
      const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
      throw new SigmaError(
        e.aggregation ? DiagnosticCode.ConditionAggregation : DiagnosticCode.ConditionSyntax,
        `${e.message} (condition: ${JSON.stringify(shown)})`,
        positions[e.offset] ?? positions[positions.length - 1] ?? s.pos,
      );
    }
  });
}

function readSearchIdentifier(node: PNode, name: string): DetectionNode {
  switch (node.kind) {
    case 'map':
      return readMap(node, name);
    case 'seq': {
      if (node.items.length === 0) {
        throw new SigmaError(
          DiagnosticCode.DetectionShape,
          `search identifier '${name}' is an empty list`,
          node.pos,
        );
      }
      const items: DetectionNode[] = [];
      let keywords: RuleValue[] = [];
      const flush = (): void => {
        if (keywords.length === 0) return;
        items.push({
          kind: 'field',
          field: null,
          modifiers: [],
          values: keywords,
          pos: keywords[0]!.pos,
        });
        keywords = [];
      };
      for (const item of node.items) {
        if (item.kind === 'scalar') {
          keywords.push(ruleValue(item));
        } else if (item.kind === 'map') {
          flush();
          items.push(readMap(item, name));
        } else {
          throw new SigmaError(
            DiagnosticCode.DetectionShape,
            `search identifier '${name}' contains a nested list; use a list of maps or of values`,
            item.pos,
          );
        }
      }
      flush();
      return items.length === 1 ? items[0]! : { kind: 'or', items, pos: node.pos };
    }
    case 'scalar':
      if (node.value === null) {
        throw new SigmaError(
          DiagnosticCode.DetectionShape,
          `search identifier '${name}' is empty`,
          node.pos,
        );
      }
      return {
        kind: 'field',
        field: null,
        modifiers: [],
        values: [{ value: node.value, pos: node.pos }],
        pos: node.pos,
      };
  }
}

function readMap(map: PMap, name: string): DetectionNode {
  if (map.entries.length === 0) {
    throw new SigmaError(
      DiagnosticCode.DetectionShape,
      `search identifier '${name}' is an empty map`,
      map.pos,
    );
  }
  const items: FieldItem[] = map.entries.map((entry) => {
    const [rawField, ...modifiers] = entry.key.split('|');
    const field = rawField === undefined || rawField === '' ? null : rawField;
    const values = readValues(entry.value, entry.key);
    return { kind: 'field', field, modifiers, values, pos: entry.keyPos };
  });
  const group: DetectionGroup = { kind: 'and', items, pos: map.pos };
  return items.length === 1 ? items[0]! : group;
}

function readValues(node: PNode, key: string): RuleValue[] {
  if (node.kind === 'scalar') return [ruleValue(node)];
  if (node.kind === 'map') {
    throw new SigmaError(
      DiagnosticCode.DetectionShape,
      `'${key}' has a map as its value; Sigma values are scalars or lists of scalars (write nested fields as a dotted path)`,
      node.pos,
    );
  }
  if (node.items.length === 0) {
    throw new SigmaError(
      DiagnosticCode.DetectionShape,
      `'${key}' has an empty list of values`,
      node.pos,
    );
  }
  return node.items.map((item) => {
    if (item.kind !== 'scalar') {
      throw new SigmaError(
        DiagnosticCode.DetectionShape,
        `'${key}' has a nested ${item.kind === 'map' ? 'map' : 'list'} among its values; only scalars are allowed`,
        item.pos,
      );
    }
    return ruleValue(item);
  });
}

function ruleValue(s: PScalar): RuleValue {
  return s.raw === undefined
    ? { value: s.value, pos: s.pos }
    : { value: s.value, pos: s.pos, raw: s.raw };
}
