import { num } from './values.js';
import type { EqlFunction, FunctionArg } from './types.js';

type Op = (a: number, b: number, integers: boolean) => number | null;

/**
 * The math functions, shared by `add(a, b)` and `a + b`. Integers stay integers: EQL rounds an
 * integer division toward zero (Java semantics), so `4 / 3 == 1`; use `4.0` to avoid that.
 */
function arithmetic(name: string, op: Op): EqlFunction {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    caseInsensitive: false,
    returns: 'number',
    fieldQuery: false,
    compile(args: readonly FunctionArg[]) {
      // A non-constant argument is an integer when its value is (JSON does not keep 4.0).
      const literalDecimal = args.some((a) => a.constant && !a.integer);
      return {
        apply([x, y]) {
          const a = num(x);
          const b = num(y);
          if (a === null || b === null) return null;
          const integers = !literalDecimal && Number.isInteger(a) && Number.isInteger(b);
          const r = op(a, b, integers);
          return r === null || !Number.isFinite(r) ? null : r;
        },
      };
    },
  };
}

export const add = arithmetic('add', (a, b) => a + b);
export const subtract = arithmetic('subtract', (a, b) => a - b);
export const multiply = arithmetic('multiply', (a, b) => a * b);
export const divide = arithmetic('divide', (a, b, ints) =>
  b === 0 ? null : ints ? Math.trunc(a / b) : a / b,
);
export const modulo = arithmetic('modulo', (a, b) => (b === 0 ? null : a % b));
