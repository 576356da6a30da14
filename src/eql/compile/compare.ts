import type { CompareExpr, CompareOp } from '../syntax/ast.js';
import type { Operand, Predicate } from './closures.js';
import { anyValue, constant, negate } from './leaf-predicate.js';
import { compileOperand, readsField } from './operand.js';
import { scalarEquals, scalarOrder } from './scalar.js';
import type { CompileScope } from './scope.js';

const FLIP: Record<CompareOp, CompareOp> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

export function compileCompare(expr: CompareExpr, scope: CompileScope): Predicate {
  let { op, left, right } = expr;
  if (readsField(left) && readsField(right)) {
    // An Elasticsearch EQL limitation: comparisons are Lucene queries against constants.
    throw scope.error(
      `comparing a field to another field is not supported by EQL: [${scope.text(expr)}]`,
      expr.opStart,
    );
  }
  if (!readsField(left) && readsField(right)) {
    [left, right] = [right, left];
    op = FLIP[op];
  }
  const subject = compileOperand(left, scope);
  const other = compileOperand(right, scope);
  const condition = `${op} ${scope.text(right)}`;
  if (subject.constant)
    return constant(foldConstant(op, subject.constantValue, other.constantValue));
  const k = other.constantValue;
  if (k === null || k === undefined) {
    if (op === '==') return isNull(subject);
    if (op === '!=') return negate(isNull(subject));
    return constant(null);
  }
  // `!=` is `not ==` in Elasticsearch (a must_not term query): a missing field is not equal.
  const equals = anyValue(subject, (s, i) => (scalarEquals(s.values[i], k) ? 0 : -1), condition);
  switch (op) {
    case '==':
      return equals;
    case '!=':
      return negate(equals);
    default: {
      const holds = ORDER_TESTS[op];
      return anyValue(
        subject,
        (s, i) => {
          const o = scalarOrder(s.values[i], k);
          return o !== null && holds(o) ? 0 : -1;
        },
        condition,
      );
    }
  }
}

const ORDER_TESTS: Record<'<' | '<=' | '>' | '>=', (o: number) => boolean> = {
  '<': (o) => o < 0,
  '<=': (o) => o <= 0,
  '>': (o) => o > 0,
  '>=': (o) => o >= 0,
};

/** `field == null`: no non-null value (Elasticsearch: not an `exists` query). */
function isNull(subject: Operand): Predicate {
  return (ctx) => {
    for (const v of subject.get(ctx).values) if (v !== null && v !== undefined) return false;
    return true;
  };
}

function foldConstant(op: CompareOp, a: unknown, b: unknown): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) {
    if (op === '==') return (a ?? null) === (b ?? null);
    if (op === '!=') return (a ?? null) !== (b ?? null);
    return null;
  }
  if (op === '==') return scalarEquals(a, b);
  if (op === '!=') return !scalarEquals(a, b);
  const o = scalarOrder(a, b);
  return o === null ? null : ORDER_TESTS[op](o);
}
