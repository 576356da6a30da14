import { foldCase } from '../../sigma/compile/fold-case.js';
import { FunctionArgError, type FunctionArg } from './types.js';

/** A string argument value; numbers and booleans read as their text (keyword semantics). */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

// A decimal number as Elasticsearch's number parsers read it. JavaScript's Number() would
// also take whitespace, hex, binary and octal prefixes and `Infinity` ("0x10" == 16).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A numeric argument value; numeric strings count (a keyword holding a decimal number). */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && DECIMAL.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function fold(s: string, caseInsensitive: boolean): string {
  return caseInsensitive ? foldCase(s) : s;
}

/** A constant string argument, required at compile time (patterns, CIDRs). */
export function constantString(args: readonly FunctionArg[], index: number, what: string): string {
  const arg = args[index]!;
  if (!arg.constant || typeof arg.value !== 'string') {
    throw new FunctionArgError(`${what} must be a constant string`, index);
  }
  return arg.value;
}

/** A constant string argument when it is one (lets the compiler fold the case once). */
export function maybeConstantString(arg: FunctionArg | undefined): string | null {
  return arg?.constant && typeof arg.value === 'string' ? arg.value : null;
}
