import type { CorrelationCondition, CorrelationType, SigmaCorrelation } from '../ast.js';
import { DiagnosticCode, SigmaError } from '../diagnostics.js';
import { readMetadata } from './metadata.js';
import { getEntry, toPlain, type PMap, type PNode } from './positioned.js';

const TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
];
const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_629_746_000,
  y: 31_556_952_000,
};

/**
 * Reads and validates a correlation rule. Evaluation comes later; validating now means a rule
 * pack that loads today will not start failing when evaluation lands.
 */
export function readCorrelation(root: PMap, section: PNode): SigmaCorrelation {
  const meta = readMetadata(root, false);
  const fail = (message: string, node: PNode | undefined = section): never => {
    throw new SigmaError(DiagnosticCode.Correlation, message, (node ?? section).pos);
  };
  if (section.kind !== 'map') fail('`correlation` must be a map');
  const map = section as PMap;
  const get = (key: string): PNode | undefined => getEntry(map, key)?.value;
  for (const e of map.entries) {
    if (
      !['type', 'rules', 'group-by', 'timespan', 'condition', 'aliases', 'generate'].includes(e.key)
    ) {
      fail(`unknown correlation key '${e.key}'`, e.value);
    }
  }

  const typeNode = get('type');
  const type = typeNode?.kind === 'scalar' ? typeNode.value : undefined;
  if (typeof type !== 'string' || !TYPES.includes(type as CorrelationType)) {
    fail(
      `correlation type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`,
      typeNode,
    );
  }
  const correlationType = type as CorrelationType;

  const rules = stringList(get('rules'), 'rules', fail);
  if (rules.length === 0) fail('`rules` must name at least one rule (id or name)', get('rules'));
  if (correlationType.startsWith('temporal') && rules.length < 2) {
    fail(`a ${correlationType} correlation needs at least two rules`, get('rules'));
  }
  const groupBy = get('group-by') ? stringList(get('group-by'), 'group-by', fail) : [];

  const timespanNode = get('timespan');
  const timespan = timespanNode?.kind === 'scalar' ? String(timespanNode.value ?? '') : '';
  const tm = /^([1-9][0-9]*)([smhdwMy])$/.exec(timespan);
  if (!tm)
    fail(
      `timespan must be a number and a unit (s, m, h, d, w, M, y), like 5m; got ${JSON.stringify(timespan)}`,
      timespanNode,
    );
  const timespanMs = Number(tm![1]) * UNIT_MS[tm![2]!]!;

  const condition = readCondition(get('condition'), correlationType, fail);

  const aliasesNode = get('aliases');
  const aliases: Record<string, Record<string, string>> = {};
  if (aliasesNode) {
    const plain = toPlain(aliasesNode);
    if (!isRecordOfRecords(plain)) fail('`aliases` maps each alias to {rule: field}', aliasesNode);
    Object.assign(aliases, plain);
  }
  const generateNode = get('generate');
  if (generateNode && (generateNode.kind !== 'scalar' || typeof generateNode.value !== 'boolean')) {
    fail('`generate` must be true or false', generateNode);
  }
  const correlation: SigmaCorrelation = {
    ...meta,
    type: 'correlation',
    correlationType,
    rules,
    groupBy,
    timespan,
    timespanMs,
    aliases,
    generate: generateNode?.kind === 'scalar' && generateNode.value === true,
  };
  if (condition) correlation.condition = condition;
  return correlation;
}

function readCondition(
  node: PNode | undefined,
  type: CorrelationType,
  fail: (message: string, node?: PNode) => never,
): CorrelationCondition | undefined {
  if (!node) {
    if (type === 'event_count' || type === 'value_count')
      fail(`a ${type} correlation needs a condition`);
    return undefined;
  }
  if (node.kind !== 'map') return fail('`condition` must be a map such as {gte: 10}', node);
  const condition: CorrelationCondition = {};
  let operators = 0;
  for (const e of node.entries) {
    if (e.key === 'field') {
      if (e.value.kind !== 'scalar' || typeof e.value.value !== 'string')
        fail('`condition.field` must be a field name', e.value);
      condition.field = e.value.value as string;
    } else if ((OPERATORS as readonly string[]).includes(e.key)) {
      if (
        e.value.kind !== 'scalar' ||
        typeof e.value.value !== 'number' ||
        !Number.isInteger(e.value.value)
      ) {
        fail(`condition.${e.key} must be an integer`, e.value);
      }
      condition[e.key as (typeof OPERATORS)[number]] = e.value.value as number;
      operators++;
    } else {
      fail(`unknown condition key '${e.key}' (use ${OPERATORS.join(', ')}, field)`, e.value);
    }
  }
  if (operators === 0) fail('`condition` needs an operator such as gte: 10', node);
  if (type === 'value_count' && condition.field === undefined) {
    fail(
      'a value_count correlation needs condition.field (the field whose distinct values are counted)',
      node,
    );
  }
  return condition;
}

function stringList(
  node: PNode | undefined,
  key: string,
  fail: (m: string, n?: PNode) => never,
): string[] {
  if (!node) return fail(`\`${key}\` is required`);
  if (node.kind === 'scalar' && typeof node.value === 'string') return [node.value];
  if (
    node.kind === 'seq' &&
    node.items.every((i) => i.kind === 'scalar' && typeof i.value === 'string')
  ) {
    return node.items.map((i) => String((i as { value: unknown }).value));
  }
  return fail(`\`${key}\` must be a string or a list of strings`, node);
}

function isRecordOfRecords(v: unknown): v is Record<string, Record<string, string>> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v).every(
    (inner) =>
      inner !== null &&
      typeof inner === 'object' &&
      !Array.isArray(inner) &&
      Object.values(inner).every((f) => typeof f === 'string'),
  );
}
