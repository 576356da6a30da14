import type { EqlExpr, Literal, PredicateExpr, StringLiteral } from '../syntax/ast.js';
import type { Operand, Predicate } from './closures.js';
import type { Locate } from './evidence.js';
import { locateLiteral } from './evidence.js';
import { anyValue, negate, type LeafTest } from './leaf-predicate.js';
import { compileOperand, readsField } from './operand.js';
import { compileRegexLiteral } from './regex.js';
import { scalarEquals } from './scalar.js';
import type { CompileScope } from './scope.js';
import { compileEqlWildcard, hasEqlWildcards } from './wildcard.js';
import { foldCase } from '../../sigma/compile/fold-case.js';
import { num } from '../functions/values.js';

/** `in`, `in~`, `not in`, `not in~`, `:`, `like`, `like~`, `regex`, `regex~`. */
export function compilePattern(expr: PredicateExpr, scope: CompileScope): Predicate {
  const subject = compileOperand(expr.subject, scope);
  for (const v of expr.values) {
    if (readsField(v)) {
      throw scope.error('comparing a field to another field is not supported by EQL', v.start);
    }
  }
  const condition = scope.text({ start: expr.opStart, end: expr.end });
  let p: Predicate;
  switch (expr.op) {
    case 'in':
    case 'in~': {
      const constants = expr.values.map((v) => compileOperand(v, scope).constantValue);
      p = compileIn(subject, constants, expr.op === 'in~', condition);
      break;
    }
    case ':':
      p = compileWildcards(subject, literals(expr, scope, false), true, condition, true);
      break;
    case 'like':
    case 'like~':
      p = compileWildcards(
        subject,
        literals(expr, scope, true),
        expr.op === 'like~',
        condition,
        false,
      );
      break;
    default: {
      const ci = expr.op === 'regex~';
      const regexes = literals(expr, scope, true).map((l) =>
        compileRegexLiteral(l as StringLiteral, subject.field, ci, scope),
      );
      const test: LeafTest = (slot, i) => {
        const text = slot.text(i);
        return text === undefined ? -1 : regexes.findIndex((r) => r.test(text));
      };
      p = anyValue(
        subject,
        test,
        condition,
        regexes.map((r) => (v: string) => r.locate(v)),
      );
    }
  }
  return expr.negated ? negate(p) : p;
}

function literals(expr: PredicateExpr, scope: CompileScope, stringsOnly: boolean): Literal[] {
  return expr.values.map((v: EqlExpr) => {
    if (v.kind !== 'literal' || (stringsOnly && typeof v.value !== 'string')) {
      throw scope.error(`[${expr.op}] can only be used with strings`, v.start);
    }
    return v;
  });
}

function compileIn(
  subject: Operand,
  constants: unknown[],
  ci: boolean,
  condition: string,
): Predicate {
  const strings = new Set<string>();
  const others: unknown[] = [];
  for (const c of constants) {
    if (typeof c === 'string') strings.add(ci ? foldCase(c) : c);
    else if (c !== null && c !== undefined) others.push(c);
  }
  const numbers = numericStrings(constants);
  const test: LeafTest = (slot, i) => {
    const v = slot.values[i];
    if (strings.size > 0) {
      const key = ci ? slot.lower(i) : slot.text(i);
      if (key !== undefined && strings.has(key)) return 0;
    }
    if (typeof v === 'number' && numbers.includes(v)) return 0;
    for (const o of others) if (scalarEquals(v, o)) return 0;
    return -1;
  };
  return anyValue(subject, test, condition);
}

/**
 * A numeric value is a numeric field, where equality parses the query text: `in ("1e2")` and
 * `: "01"` find 100 and 1 (`like` matches text only).
 */
function numericStrings(constants: unknown[]): number[] {
  const out: number[] = [];
  for (const c of constants) {
    const n = typeof c === 'string' ? num(c) : null;
    if (n !== null) out.push(n);
  }
  return out;
}

/**
 * `:` (always case-insensitive; wildcards only when the string has `*` or `?`) and `like`;
 * `equality` (for `:`) reads a pattern without wildcards as `==` would.
 */
function compileWildcards(
  subject: Operand,
  patterns: Literal[],
  ci: boolean,
  condition: string,
  equality: boolean,
): Predicate {
  const exact = new Map<string, number>();
  const matchers: { index: number; test: (v: string) => boolean }[] = [];
  const locates: (Locate | null)[] = [];
  const others: unknown[] = [];
  patterns.forEach((p, index) => {
    if (typeof p.value !== 'string') {
      others.push(p.value);
      locates.push(null);
      return;
    }
    if (hasEqlWildcards(p.value)) {
      const m = compileEqlWildcard(p.value, ci);
      matchers.push({ index, test: m.test });
      locates.push(m.locate);
    } else {
      exact.set(ci ? foldCase(p.value) : p.value, index);
      locates.push(locateLiteral(ci ? foldCase(p.value) : p.value, ci ? foldCase : undefined));
    }
  });
  const numericPatterns = equality
    ? patterns.map((p) =>
        typeof p.value === 'string' && !hasEqlWildcards(p.value) ? p.value : null,
      )
    : [];
  const test: LeafTest = (slot, i) => {
    const text = ci ? slot.lower(i) : slot.text(i);
    if (text === undefined) return -1;
    const hit = exact.get(text);
    if (hit !== undefined) return hit;
    const v = slot.values[i];
    if (typeof v === 'number') {
      const at = numericPatterns.findIndex((p) => p !== null && num(p) === v);
      if (at >= 0) return at;
    }
    for (const m of matchers) if (m.test(text)) return m.index;
    for (const o of others) if (scalarEquals(slot.values[i], o)) return 0;
    return -1;
  };
  return anyValue(subject, test, condition, locates);
}
