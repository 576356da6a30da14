import type {
  ArithOp,
  CompareOp,
  EqlExpr,
  FieldRef,
  Literal,
  PredicateOp,
  StringLiteral,
} from './ast.js';
import { VALUE, type Cursor } from './cursor.js';

const COMPARE_OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>='];
const PATTERN_OPS: PredicateOp[] = [':', 'like', 'like~', 'regex', 'regex~'];

/** booleanExpression: `or` binds loosest, then `and`, then `not`. */
export function parseExpression(c: Cursor): EqlExpr {
  let left = parseAnd(c);
  while (c.accept('or')) {
    const right = parseAnd(c);
    left = { kind: 'or', left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseAnd(c: Cursor): EqlExpr {
  let left = parseNot(c);
  while (c.accept('and')) {
    const right = parseNot(c);
    left = { kind: 'and', left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseNot(c: Cursor): EqlExpr {
  const not = c.accept('not', true);
  if (!not) return parseComparison(c);
  const operand = c.nested(not.start, () => parseNot(c));
  return { kind: 'not', operand, start: not.start, end: operand.end };
}

/** valueExpression: at most one comparison (EQL does not chain `a < b < c`). */
function parseComparison(c: Cursor): EqlExpr {
  const left = parseAdditive(c);
  const quiet = left.kind === 'literal';
  for (const op of COMPARE_OPS) {
    const t = c.accept(op, quiet);
    if (!t) continue;
    const right = parseAdditive(c);
    return {
      kind: 'compare',
      op,
      opStart: t.start,
      left,
      right,
      start: left.start,
      end: right.end,
    };
  }
  if (c.is('=')) {
    // Elasticsearch EQL dropped `=` as an equality operator.
    throw c.error('use == or : to compare values, not =', c.token.start, ['"=="', '":"']);
  }
  return left;
}

function parseAdditive(c: Cursor): EqlExpr {
  let left = parseMultiplicative(c);
  for (;;) {
    const t = c.accept('+', true) ?? c.accept('-', true);
    if (!t) return left;
    const right = parseMultiplicative(c);
    left = { kind: 'arith', op: t.text as ArithOp, left, right, start: left.start, end: right.end };
  }
}

function parseMultiplicative(c: Cursor): EqlExpr {
  let left = parseUnary(c);
  for (;;) {
    const t = c.accept('*', true) ?? c.accept('/', true) ?? c.accept('%', true);
    if (!t) return left;
    const right = parseUnary(c);
    left = { kind: 'arith', op: t.text as ArithOp, left, right, start: left.start, end: right.end };
  }
}

function parseUnary(c: Cursor): EqlExpr {
  const sign = c.accept('-', true) ?? c.accept('+', true);
  if (!sign) return parsePredicate(c);
  const operand = c.nested(sign.start, () => parseUnary(c));
  if (sign.text === '+') return { ...operand, start: sign.start };
  if (operand.kind === 'literal' && typeof operand.value === 'number') {
    return { ...operand, value: -operand.value, start: sign.start };
  }
  return { kind: 'neg', operand, start: sign.start, end: operand.end };
}

/** primaryExpression predicate?: `in`, `not in`, `:`, `like`, `regex` (and `~` forms). */
function parsePredicate(c: Cursor): EqlExpr {
  const subject = parsePrimary(c);
  const quiet = subject.kind === 'literal';
  const notToken =
    c.is('not') && (c.next.text === 'in' || c.next.text === 'in~') ? c.advance() : null;
  for (const op of ['in', 'in~'] as const) {
    const t = c.accept(op, quiet || notToken !== null);
    if (!t) continue;
    const values = parseList(c, () => parseExpression(c));
    return {
      kind: 'predicate',
      op,
      negated: notToken !== null,
      opStart: (notToken ?? t).start,
      subject,
      values,
      start: subject.start,
      end: c.lastEnd,
    };
  }
  if (notToken) c.fail();
  for (const op of PATTERN_OPS) {
    const t = c.accept(op, quiet);
    if (!t) continue;
    const values = c.is('(') ? parseList(c, () => parseConstant(c)) : [parseConstant(c)];
    return {
      kind: 'predicate',
      op,
      negated: false,
      opStart: t.start,
      subject,
      values,
      start: subject.start,
      end: c.lastEnd,
    };
  }
  return subject;
}

function parseList<T>(c: Cursor, item: () => T): T[] {
  c.require('(');
  const items = [item()];
  while (c.accept(',')) items.push(item());
  c.require(')');
  return items;
}

function parseConstant(c: Cursor): Literal {
  const t = c.token;
  if (t.kind !== 'string' && t.kind !== 'int' && t.kind !== 'decimal') {
    c.expect('a string');
    return c.fail();
  }
  return parsePrimary(c) as Literal;
}

function parsePrimary(c: Cursor): EqlExpr {
  const t = c.token;
  switch (t.kind) {
    case 'string':
      c.advance();
      return stringLiteral(t.value!, t.offsets!, t.start, t.end);
    case 'int':
    case 'decimal': {
      const value = Number(t.text);
      // Elasticsearch refuses numbers a double cannot hold rather than reading them as infinity.
      if (!Number.isFinite(value)) throw c.error(`number [${t.text}] is too large`, t.start);
      c.advance();
      return { kind: 'literal', value, integer: t.kind === 'int', ...span(t) };
    }
    case 'keyword':
      if (t.text === 'true' || t.text === 'false' || t.text === 'null') {
        c.advance();
        const value = t.text === 'null' ? null : t.text === 'true';
        return { kind: 'literal', value, ...span(t) };
      }
      break;
    case 'tilde':
      c.advance();
      return parseCall(c, t.text, true, t.start);
    case 'ident':
      if (c.next.kind === 'punct' && c.next.text === '(') {
        c.advance();
        return parseCall(c, t.text, false, t.start);
      }
      return parseField(c, false);
    case 'quoted':
      return parseField(c, false);
    case 'punct':
      if (t.text === '(') {
        c.advance();
        const inner = c.nested(t.start, () => parseExpression(c));
        c.require(')');
        return inner;
      }
      if (t.text === '?' && (c.next.kind === 'ident' || c.next.kind === 'quoted')) {
        c.advance();
        return parseField(c, true, t.start);
      }
      break;
    default:
      break;
  }
  c.expect(VALUE);
  return c.fail();
}

function parseCall(c: Cursor, name: string, caseInsensitive: boolean, start: number): EqlExpr {
  c.require('(');
  const args: EqlExpr[] = [];
  if (!c.accept(')', true)) {
    c.nested(start, () => {
      args.push(parseExpression(c));
      while (c.accept(',')) args.push(parseExpression(c));
    });
    c.require(')');
  }
  return { kind: 'call', name, caseInsensitive, args, start, end: c.lastEnd };
}

/** A dotted field name; segments after a dot may be keywords (`event.sequence`). */
export function parseField(c: Cursor, optional: boolean, start = c.token.start): FieldRef {
  const segments = [fieldSegment(c)];
  while (c.accept('.', true)) {
    const t = c.token;
    if (t.kind === 'keyword' || t.kind === 'ident' || t.kind === 'quoted')
      segments.push(fieldSegment(c));
    else {
      c.expect('a field name');
      c.fail();
    }
  }
  if (c.is('[') && c.next.kind === 'int') {
    throw c.error('array indexes in field names are not supported', c.token.start);
  }
  return { kind: 'field', path: segments.join('.'), optional, start, end: c.lastEnd };
}

function fieldSegment(c: Cursor): string {
  const t = c.advance();
  return t.kind === 'quoted' ? t.value! : c.src.slice(t.start, t.end);
}

function stringLiteral(
  value: string,
  offsets: number[],
  start: number,
  end: number,
): StringLiteral {
  return { kind: 'literal', value, offsets, start, end };
}

function span(t: { start: number; end: number }): { start: number; end: number } {
  return { start: t.start, end: t.end };
}
