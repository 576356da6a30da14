import type { MaxspanAst } from '../syntax/ast.js';
import type { CompileScope } from './scope.js';

// Elasticsearch time units (TimeValue): d, h, m, s, ms, micros, nanos.
const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  micros: 0.001,
  nanos: 0.000001,
};

/** Long.MAX_VALUE nanoseconds, about 292 years. */
const MAX_MAXSPAN_MS = 9_223_372_036_854;

export function maxspanMs(ast: MaxspanAst, scope: CompileScope): number {
  if (!/^\d+$/.test(ast.amount)) {
    throw scope.error(`maxspan must be a whole number with a unit, not [${ast.amount}]`, ast.start);
  }
  if (ast.unit === null) {
    throw scope.error(
      `maxspan [${ast.amount}] has no time unit: use one of ms, s, m, h, d (e.g. ${ast.amount}s)`,
      ast.start,
    );
  }
  const perUnit = UNIT_MS[ast.unit];
  if (perUnit === undefined) {
    throw scope.error(
      `unknown maxspan time unit [${ast.unit}]: use one of ms, s, m, h, d (or micros, nanos)`,
      ast.start,
    );
  }
  const ms = Number(ast.amount) * perUnit;
  if (ms <= 0) throw scope.error('maxspan must be greater than zero', ast.start);
  // Elasticsearch holds maxspan as a long of nanoseconds; anything that overflows it is refused.
  if (ms > MAX_MAXSPAN_MS)
    throw scope.error(
      `maxspan [${ast.amount}${ast.unit}] is too large: at most 106751d`,
      ast.start,
    );
  return ms;
}
