/**
 * Reference evaluator for EQL event queries: deliberately plain, slow and obviously correct.
 *
 * It walks the AST from `parseEql` for every document and shares no code with the engine's
 * compiler (src/eql/compile, src/eql/functions): only the AST *types* are imported, and regexes
 * go through `compileEqlRegex`, which has its own tests. Semantics follow docs/eql.md:
 *  - a comparison on a plain field holds when any value satisfies it, and is never unknown: a
 *    missing or null field makes it false (and `not` of it true);
 *  - computed values (functions, arithmetic) of nothing are unknown, logic is Kleene's, and a
 *    document matches only when the condition is true.
 */
import { compileEqlRegex } from '../../../src/eql/regex/index.js';
import type { EqlDialect, EqlExpr, EqlQueryAst } from '../../../src/eql/index.js';
import { REF_FUNCTIONS } from './functions.js';
import { fold, resolveField, scalarEquals, scalarOrder, textOf, wildcardMatch } from './values.js';

type Tri = boolean | null;

export function referenceMatches(ast: EqlQueryAst, doc: unknown, dialect: EqlDialect): boolean {
  if (ast.type !== 'event') throw new Error('reference: event queries only');
  const { category, condition } = ast.filter;
  if (category !== null && !resolveField(doc, 'event.category').includes(category)) return false;
  return evalCondition(condition, doc, dialect) === true;
}

const not = (a: Tri): Tri => (a === null ? null : !a);
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a && b);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === null ? a : b);

function evalCondition(e: EqlExpr, doc: unknown, dialect: EqlDialect): Tri {
  switch (e.kind) {
    case 'literal':
      if (typeof e.value === 'boolean' || e.value === null) return e.value;
      throw new Error('reference: a number or string is not a condition');
    case 'field':
      return resolveField(doc, e.path).some((v) => v === true);
    case 'not':
      return not(evalCondition(e.operand, doc, dialect));
    case 'and':
      return and(evalCondition(e.left, doc, dialect), evalCondition(e.right, doc, dialect));
    case 'or':
      return or(evalCondition(e.left, doc, dialect), evalCondition(e.right, doc, dialect));
    case 'compare':
      return evalCompare(e, doc, dialect);
    case 'predicate': {
      const test = leafTest(e, dialect);
      const r = anyValue(e.subject, doc, dialect, test);
      return e.negated ? not(r) : r;
    }
    case 'call':
      return evalBooleanCall(e, doc, dialect);
    default:
      throw new Error(`reference: ${e.kind} is not a condition`);
  }
}

/**
 * True when some non-null value passes; otherwise false for a plain field (a Lucene query) and
 * for a computed value that had values, unknown for a computed value that had none.
 */
function anyValue(
  subject: EqlExpr,
  doc: unknown,
  dialect: EqlDialect,
  test: (v: unknown) => boolean,
): Tri {
  const values = valuesOf(subject, doc, dialect).filter((v) => v !== null && v !== undefined);
  if (values.some(test)) return true;
  return values.length === 0 && subject.kind !== 'field' ? null : false;
}

const FLIP = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

function evalCompare(e: Extract<EqlExpr, { kind: 'compare' }>, doc: unknown, d: EqlDialect): Tri {
  let { op, left, right } = e;
  if (!readsField(left) && readsField(right)) [left, right, op] = [right, left, FLIP[op]];
  const k = valuesOf(right, doc, d)[0] ?? null;
  if (left.kind === 'literal' && right.kind === 'literal') {
    // Two literals (docs/eql.md is silent): null equals only null, ordering null is unknown.
    const a = valuesOf(left, doc, d)[0] ?? null;
    if (a === null || k === null) {
      if (op === '==' || op === '!=') return (a === k) === (op === '==');
      return null;
    }
    return holds(op, a, k);
  }
  if (k === null) {
    // `field == null`: the field has no non-null value; ordering against null is unknown.
    const hasValue = valuesOf(left, doc, d).some((v) => v !== null && v !== undefined);
    if (op === '==') return !hasValue;
    if (op === '!=') return hasValue;
    return null;
  }
  // `!=` is `not ==` (a must_not query): a missing field is "not equal".
  if (op === '!=') return not(anyValue(left, doc, d, (v) => scalarEquals(v, k)));
  return anyValue(left, doc, d, (v) => holds(op, v, k));
}

function holds(op: keyof typeof FLIP, v: unknown, k: unknown): boolean {
  if (op === '==') return scalarEquals(v, k);
  if (op === '!=') return !scalarEquals(v, k);
  const o = scalarOrder(v, k);
  if (o === null) return false;
  return { '<': o < 0, '<=': o <= 0, '>': o > 0, '>=': o >= 0 }[op];
}

/** The test one value must pass for `in`, `:`, `like` or `regex` (and their `~` forms). */
function leafTest(
  e: Extract<EqlExpr, { kind: 'predicate' }>,
  dialect: EqlDialect,
): (v: unknown) => boolean {
  const constants = e.values.map((v) => (v.kind === 'literal' ? v.value : null));
  const ci = e.op.endsWith('~') || e.op === ':';
  // Case-insensitive equality compares texts folded, and otherwise falls back on `==`.
  const equal = (v: unknown, c: unknown): boolean => {
    if (c === null) return false;
    const t = textOf(v);
    if (ci && typeof c === 'string' && t !== null && fold(t) === fold(c)) return true;
    return scalarEquals(v, c);
  };
  switch (e.op) {
    case 'in':
    case 'in~':
      return (v) => constants.some((c) => equal(v, c));
    case ':':
    case 'like':
    case 'like~':
      return (v) =>
        constants.some((c) => {
          const t = textOf(v);
          if (typeof c !== 'string') return equal(v, c);
          if (t === null) return false;
          // Without `*` or `?` a pattern is the whole value: `:` is then case-insensitive
          // equality, `like` a match of the text (no numeric reading).
          if (!/[*?]/.test(c) && e.op === ':') return equal(v, c);
          return ci ? wildcardMatch(fold(c), fold(t)) : wildcardMatch(c, t);
        });
    default: {
      const regexes = constants.map((c) =>
        compileEqlRegex(c as string, { dialect, caseInsensitive: e.op === 'regex~' }),
      );
      return (v) => {
        const t = textOf(v);
        return t !== null && regexes.some((r) => r.test(t));
      };
    }
  }
}

/** Calls fan out over the values of their first argument; the others take their first value. */
function callResults(name: string, args: EqlExpr[], ci: boolean, doc: unknown, d: EqlDialect) {
  const fn = REF_FUNCTIONS[name.toLowerCase()];
  if (!fn) throw new Error(`reference: unknown function ${name}`);
  const rest = args.slice(1).map((a) => valuesOf(a, doc, d)[0] ?? null);
  const literalDecimal = args.some((a) => a.kind === 'literal' && isDecimal(a));
  const firsts = valuesOf(args[0]!, doc, d);
  const inputs = firsts.length === 0 ? [null] : firsts;
  return { fn, results: inputs.map((x) => fn.apply([x, ...rest], ci, literalDecimal)) };
}

function isDecimal(e: EqlExpr): boolean {
  return e.kind === 'literal' && typeof e.value === 'number' && !('integer' in e && e.integer);
}

function evalBooleanCall(e: Extract<EqlExpr, { kind: 'call' }>, doc: unknown, d: EqlDialect): Tri {
  const { fn, results } = callResults(e.name, e.args, e.caseInsensitive, doc, d);
  if (results.some((r) => r === true)) return true;
  const twoValued = fn.fieldQuery && e.args[0]!.kind === 'field';
  return results.some((r) => r === null || r === undefined) && !twoValued ? null : false;
}

/** The values of an expression used as a value: none stands for null / unknown. */
function valuesOf(e: EqlExpr, doc: unknown, d: EqlDialect): unknown[] {
  switch (e.kind) {
    case 'literal':
      return e.value === null ? [] : [e.value];
    case 'field':
      return resolveField(doc, e.path);
    case 'call':
      return callResults(e.name, e.args, e.caseInsensitive, doc, d).results.filter(
        (r) => r !== null && r !== undefined,
      );
    case 'arith': {
      const name = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'modulo' };
      return valuesOf(
        { ...e, kind: 'call', name: name[e.op], caseInsensitive: false, args: [e.left, e.right] },
        doc,
        d,
      );
    }
    case 'neg':
      throw new Error('reference: unary minus of a non-literal is not generated');
    default: {
      const r = evalCondition(e, doc, d);
      return r === null ? [] : [r];
    }
  }
}

function readsField(e: EqlExpr): boolean {
  switch (e.kind) {
    case 'field':
      return true;
    case 'literal':
      return false;
    case 'call':
      return e.args.some(readsField);
    case 'predicate':
      return readsField(e.subject) || e.values.some(readsField);
    case 'not':
    case 'neg':
      return readsField(e.operand);
    default:
      return readsField(e.left) || readsField(e.right);
  }
}
