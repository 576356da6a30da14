import {
  lookupFunction,
  FunctionArgError,
  type EqlFunction,
  type FunctionImpl,
} from '../functions/index.js';
import type { CallExpr, EqlExpr } from '../syntax/ast.js';
import type { Operand, Predicate } from './closures.js';
import type { CompileScope } from './scope.js';
import { ValueSlot, type EvalContext } from './slot.js';

/** Set by predicate.ts (the two modules recurse into each other). */
let compileCondition: (expr: EqlExpr, scope: CompileScope) => Predicate;
export function bindConditionCompiler(f: typeof compileCondition): void {
  compileCondition = f;
}

export function constantOperand(value: unknown, integer = false): Operand {
  const slot = ValueSlot.of(value === null || value === undefined ? [] : [value]);
  return {
    field: null,
    evidenceField: '',
    constant: true,
    constantValue: value,
    integer,
    get: () => slot,
  };
}

/** Compiles an expression used as a value (comparison side, function argument). */
export function compileOperand(expr: EqlExpr, scope: CompileScope): Operand {
  switch (expr.kind) {
    case 'literal':
      return constantOperand(expr.value, 'integer' in expr && expr.integer === true);
    case 'field': {
      const index = scope.slot(expr.path);
      return {
        field: expr.path,
        evidenceField: expr.path,
        constant: false,
        get: (ctx) => ctx.slot(index),
      };
    }
    case 'call': {
      const fn = lookupFunction(expr.name);
      if (!fn) throw unknownFunction(expr, scope);
      return compileCall(fn, expr.args, expr.caseInsensitive, expr, scope).operand;
    }
    case 'arith': {
      const name = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'modulo' }[
        expr.op
      ];
      return compileCall(lookupFunction(name)!, [expr.left, expr.right], false, expr, scope)
        .operand;
    }
    case 'neg': {
      const minusOne = {
        kind: 'literal' as const,
        value: -1,
        integer: true,
        start: expr.start,
        end: expr.start,
      };
      return compileCall(lookupFunction('multiply')!, [minusOne, expr.operand], false, expr, scope)
        .operand;
    }
    default: {
      // A condition used as a value (`startsWith(x, "a") == false`).
      const cond = compileCondition(expr, scope);
      const yes = ValueSlot.of([true]);
      const no = ValueSlot.of([false]);
      const unknown = ValueSlot.of([]);
      return {
        field: null,
        evidenceField: '',
        constant: false,
        get: (ctx) => {
          const r = cond(ctx, null);
          return r === null ? unknown : r ? yes : no;
        },
      };
    }
  }
}

export interface CompiledCall {
  fn: EqlFunction;
  impl: FunctionImpl;
  args: Operand[];
  operand: Operand;
  /**
   * Applies the function to each value of the first argument (arrays fan out, as a Lucene
   * query matches any value); the other arguments take their first value. Stops when `visit`
   * returns true.
   */
  each(ctx: EvalContext, visit: (firstValue: unknown, result: unknown) => boolean): void;
}

export function compileCall(
  fn: EqlFunction,
  argExprs: EqlExpr[],
  caseInsensitive: boolean,
  at: CallExpr | EqlExpr,
  scope: CompileScope,
): CompiledCall {
  const n = argExprs.length;
  if (n < fn.minArgs || n > fn.maxArgs) {
    const want =
      fn.maxArgs === Infinity
        ? `at least ${fn.minArgs}`
        : fn.minArgs === fn.maxArgs
          ? `${fn.minArgs}`
          : `${fn.minArgs} to ${fn.maxArgs}`;
    throw scope.error(`function [${fn.name}] expects ${want} arguments but got ${n}`, at.start);
  }
  if (caseInsensitive && !fn.caseInsensitive) {
    throw scope.error(`function [${fn.name}] has no case-insensitive (~) form`, at.start);
  }
  const args = argExprs.map((a) => compileOperand(a, scope));
  let impl: FunctionImpl;
  try {
    impl = fn.compile(
      args.map((a) => ({
        constant: a.constant,
        value: a.constant ? a.constantValue : null,
        integer: a.integer === true,
      })),
      caseInsensitive,
    );
  } catch (e) {
    if (!(e instanceof FunctionArgError)) throw e;
    throw scope.error(`function [${fn.name}]: ${e.message}`, argExprs[e.index]!.start);
  }
  const each = (ctx: EvalContext, visit: (first: unknown, result: unknown) => boolean): void => {
    const rest: unknown[] = [null];
    for (let i = 1; i < args.length; i++) rest.push(args[i]!.get(ctx).values[0] ?? null);
    const firsts = args[0]!.get(ctx).values;
    if (firsts.length === 0) {
      visit(null, impl.apply(rest));
      return;
    }
    for (const first of firsts) {
      rest[0] = first;
      if (visit(first, impl.apply(rest))) return;
    }
  };
  const evidenceField = args.find((a) => !a.constant)?.evidenceField ?? '';
  let operand: Operand;
  if (args.every((a) => a.constant)) {
    const value = impl.apply(args.map((a) => a.constantValue ?? null));
    operand = constantOperand(
      value,
      typeof value === 'number' && Number.isInteger(value) && args.every((a) => a.integer),
    );
  } else {
    operand = {
      field: null,
      evidenceField,
      constant: false,
      get: (ctx) => {
        const out: unknown[] = [];
        each(ctx, (_first, r) => {
          if (r !== null && r !== undefined) out.push(r);
          return false;
        });
        return ValueSlot.of(out);
      },
    };
  }
  return { fn, impl, args, operand, each };
}

export function unknownFunction(expr: CallExpr, scope: CompileScope): Error {
  return scope.error(
    `unknown function [${expr.name}${expr.caseInsensitive ? '~' : ''}]`,
    expr.start,
  );
}

/** Every field path an expression reads (for "cannot compare a field to another field"). */
export function readsField(expr: EqlExpr): boolean {
  switch (expr.kind) {
    case 'field':
      return true;
    case 'literal':
      return false;
    case 'call':
      return expr.args.some(readsField);
    case 'arith':
    case 'and':
    case 'or':
      return readsField(expr.left) || readsField(expr.right);
    case 'compare':
      return readsField(expr.left) || readsField(expr.right);
    case 'neg':
    case 'not':
      return readsField(expr.operand);
    case 'predicate':
      return readsField(expr.subject) || expr.values.some(readsField);
  }
}
