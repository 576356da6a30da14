import { lookupFunction } from '../functions/index.js';
import type { CallExpr, EqlExpr } from '../syntax/ast.js';
import type { Predicate } from './closures.js';
import { compileCompare } from './compare.js';
import { anyValue, constant, negate } from './leaf-predicate.js';
import { bindConditionCompiler, compileCall, compileOperand, unknownFunction } from './operand.js';
import { compilePattern } from './patterns.js';
import type { CompileScope } from './scope.js';
import { leafText } from './slot.js';

/**
 * Compiles a condition into a closure, once. Logic is three-valued (Kleene): unknown comes
 * from functions of missing values, and a document matches only when the result is true.
 */
export function compileCondition(expr: EqlExpr, scope: CompileScope): Predicate {
  switch (expr.kind) {
    case 'and':
      return and(compileCondition(expr.left, scope), compileCondition(expr.right, scope));
    case 'or':
      return or(compileCondition(expr.left, scope), compileCondition(expr.right, scope));
    case 'not':
      return negate(compileCondition(expr.operand, scope));
    case 'compare':
      return compileCompare(expr, scope);
    case 'predicate':
      return compilePattern(expr, scope);
    case 'call':
      return compileCallCondition(expr, scope);
    case 'literal':
      if (typeof expr.value === 'boolean' || expr.value === null) return constant(expr.value);
      throw scope.error(`a condition must be true or false, not [${scope.text(expr)}]`, expr.start);
    case 'field': {
      // A bare boolean field: true when it holds true.
      const operand = compileOperand(expr, scope);
      return anyValue(operand, (s, i) => (s.values[i] === true ? 0 : -1), '== true');
    }
    default:
      throw scope.error(`a condition must be true or false, not [${scope.text(expr)}]`, expr.start);
  }
}

bindConditionCompiler(compileCondition);

function and(left: Predicate, right: Predicate): Predicate {
  return (ctx, ev) => {
    const mark = ev ? ev.length : 0;
    const l = left(ctx, ev);
    if (l === false) return trim(ev, mark, false);
    const r = right(ctx, ev);
    if (l === true && r === true) return true;
    return trim(ev, mark, r === false ? false : null);
  };
}

function or(left: Predicate, right: Predicate): Predicate {
  return (ctx, ev) => {
    const mark = ev ? ev.length : 0;
    const l = left(ctx, ev);
    if (l === true) return true;
    trim(ev, mark, null);
    const r = right(ctx, ev);
    if (r === true) return true;
    return trim(ev, mark, l === null || r === null ? null : false);
  };
}

function trim<T>(ev: unknown[] | null, mark: number, result: T): T {
  if (ev) ev.length = mark;
  return result;
}

function compileCallCondition(expr: CallExpr, scope: CompileScope): Predicate {
  const fn = lookupFunction(expr.name);
  if (!fn) throw unknownFunction(expr, scope);
  const call = compileCall(fn, expr.args, expr.caseInsensitive, expr, scope);
  if (fn.returns !== 'boolean') {
    throw scope.error(
      `function [${fn.name}] returns a ${fn.returns}, not true or false`,
      expr.start,
    );
  }
  if (call.operand.constant)
    return constant((call.operand.constantValue as boolean | null) ?? null);
  const condition = scope.text(expr);
  const field = call.operand.evidenceField;
  // Elasticsearch turns these functions on a field into Lucene queries: never unknown.
  const twoValued = fn.fieldQuery && call.args[0]!.field !== null;
  const locate = call.impl.locate ?? null;
  return (ctx, ev) => {
    let result: boolean | null = false;
    let unknown = false;
    call.each(ctx, (first, r) => {
      if (r === true) {
        if (ev)
          ev.push({ field, condition, value: leafText(first) ?? JSON.stringify(first), locate });
        result = true;
        return true;
      }
      if (r === null || r === undefined) unknown = true;
      return false;
    });
    if (result) return true;
    return unknown && !twoValued ? null : false;
  };
}
