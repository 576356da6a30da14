import type {
  EqlQueryAst,
  EventFilterAst,
  FieldRef,
  MaxspanAst,
  PipeAst,
  SequenceQueryAst,
  SequenceStepAst,
} from './ast.js';
import { Cursor, END } from './cursor.js';
import { parseExpression, parseField } from './expression.js';
import { tokenize } from './lexer.js';
import { SourceText } from './source.js';

const CATEGORY = 'an event category (any, a name or a string)';

/** Parses one EQL query; throws EqlSyntaxError with line, column and the expected tokens. */
export function parseQuery(text: string): EqlQueryAst {
  const src = new SourceText(text);
  const c = new Cursor(src, tokenize(src));
  const query = parseStatement(c);
  c.expect(END);
  if (c.token.kind !== 'eof') c.fail();
  checkDepth(query, c);
  return query;
}

/** Deepest tree the compiler and evidence walkers may recurse into. */
export const MAX_TREE_DEPTH = 2000;

/**
 * `and`/`or` chains parse in a loop but become left-deep trees that later stages walk
 * recursively: bound the whole tree's depth, checked here without recursion.
 */
function checkDepth(root: EqlQueryAst, c: Cursor): void {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) {
      const at = (node as { start?: number }).start ?? 0;
      throw c.error(
        `the query is nested more than ${MAX_TREE_DEPTH} levels deep (each and/or counts): use in (…) lists or split it`,
        at,
      );
    }
    for (const value of Object.values(node as object)) {
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === 'object') stack.push([v, depth + 1]);
      } else if (value && typeof value === 'object' && 'start' in value) {
        stack.push([value, depth + 1]);
      }
    }
  }
}

function parseStatement(c: Cursor): EqlQueryAst {
  const start = c.token.start;
  if (c.accept('sequence', true)) return parseSequence(c, start);
  if (c.accept('sample', true)) {
    parseSampleBody(c);
    return { type: 'sample', pipes: parsePipes(c), start, end: c.lastEnd };
  }
  if (c.is('join')) {
    throw c.error('join queries are not supported by Elasticsearch EQL; use sequence', start);
  }
  c.expect('"sequence"');
  const filter = parseEventFilter(c);
  return { type: 'event', filter, pipes: parsePipes(c), start, end: filter.end };
}

function parseEventFilter(c: Cursor): EventFilterAst {
  const t = c.token;
  let category: string | null;
  if (c.accept('any', true)) category = null;
  else if (t.kind === 'ident') category = c.advance().text;
  else if (t.kind === 'string') category = c.advance().value!;
  else {
    c.expect(CATEGORY);
    return c.fail();
  }
  c.require('where');
  const condition = parseExpression(c);
  return { category, condition, start: t.start, end: condition.end };
}

function parseSequence(c: Cursor, start: number): SequenceQueryAst {
  let by: FieldRef[] = [];
  let maxspan: MaxspanAst | null = null;
  if (c.accept('by')) {
    by = parseJoinKeys(c);
    if (c.accept('with')) maxspan = parseMaxspan(c);
  } else if (c.accept('with')) {
    maxspan = parseMaxspan(c);
    if (c.is('by')) {
      // Elasticsearch: "Please specify sequence [by] before [with] not after".
      throw c.error('specify sequence [by] before [with maxspan], not after', c.token.start);
    }
  }
  const steps: SequenceStepAst[] = [];
  do steps.push(parseStep(c));
  while (c.is('[') || c.is('!['));
  c.expect('"["');
  let until: SequenceStepAst | null = null;
  if (c.accept('until')) until = parseStep(c);
  return {
    type: 'sequence',
    by,
    maxspan,
    steps,
    until,
    pipes: parsePipes(c),
    start,
    end: c.lastEnd,
  };
}

function parseMaxspan(c: Cursor): MaxspanAst {
  const start = c.require('maxspan').start;
  c.require('=');
  const t = c.token;
  if (t.kind !== 'int' && t.kind !== 'decimal') {
    c.expect('a time span such as 30s, 5m or 1h');
    return c.fail();
  }
  c.advance();
  const unit = c.token.kind === 'ident' ? c.advance().text : null;
  return { amount: t.text, unit, start, end: c.lastEnd };
}

function parseStep(c: Cursor): SequenceStepAst {
  const open = c.accept('![', true) ?? c.require('[');
  const filter = parseEventFilter(c);
  c.require(']');
  const by = c.accept('by') ? parseJoinKeys(c) : [];
  let runs: SequenceStepAst['runs'] = null;
  if (c.accept('with')) {
    const key = c.token;
    if (key.kind !== 'ident' || key.text.toLowerCase() !== 'runs') {
      c.expect('"runs"');
      c.fail();
    }
    c.advance();
    c.require('=');
    const n = c.token;
    if (n.kind !== 'int') {
      c.expect('a whole number');
      c.fail();
    }
    c.advance();
    runs = { value: Number(n.text), start: key.start, end: n.end };
  }
  return { filter, by, runs, missing: open.text === '![', start: open.start, end: c.lastEnd };
}

function parseJoinKeys(c: Cursor): FieldRef[] {
  const keys = [parseJoinKey(c)];
  while (c.accept(',')) keys.push(parseJoinKey(c));
  return keys;
}

function parseJoinKey(c: Cursor): FieldRef {
  const t = c.token;
  if (t.kind === 'ident' || t.kind === 'quoted') return parseField(c, false);
  if (t.kind === 'punct' && t.text === '?') {
    c.advance();
    return parseField(c, true, t.start);
  }
  c.expect('a field name');
  return c.fail();
}

/** `sample [by …] [ … ] [ … ]`: parsed only so the compiler can reject it by name. */
function parseSampleBody(c: Cursor): void {
  if (c.accept('by')) parseJoinKeys(c);
  do {
    c.require('[');
    parseEventFilter(c);
    c.require(']');
    if (c.accept('by')) parseJoinKeys(c);
  } while (c.is('['));
}

/** Pipes are kept by name only: detection rejects them, so their arguments are skipped. */
function parsePipes(c: Cursor): PipeAst[] {
  const pipes: PipeAst[] = [];
  for (;;) {
    const bar = c.accept('|', true);
    if (!bar) return pipes;
    const name = c.token;
    if (name.kind !== 'ident' && name.kind !== 'keyword') {
      c.expect('a pipe name (head, tail, …)');
      c.fail();
    }
    c.advance();
    while (c.token.kind !== 'eof' && !c.is('|')) c.advance();
    pipes.push({ name: name.text, start: bar.start, end: c.lastEnd });
  }
}
