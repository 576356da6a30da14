/**
 * The fuzzers' model of an EQL condition: the AST shape `parseEql` should produce, plus how each
 * node is written (keyword case, escapes, quoting, gratuitous parentheses), so that rendering is
 * deterministic and shrinking keeps the spelling.
 */
import type { ArithOp, CompareOp, PredicateOp } from '../../../src/eql/index.js';

export type M = (
  | { kind: 'literal'; value: string | number | boolean | null; integer?: boolean; text: string }
  | { kind: 'field'; path: string; text: string }
  | { kind: 'not'; operand: M; kw: string }
  | { kind: 'and' | 'or'; left: M; right: M; kw: string }
  | { kind: 'compare'; op: CompareOp; left: M; right: M }
  | {
      kind: 'predicate';
      op: PredicateOp;
      negated: boolean;
      subject: M;
      values: M[];
      /** The operator and, for `not in`, the `not`, as written. */
      kw: string;
      list: boolean;
    }
  | { kind: 'call'; name: string; caseInsensitive: boolean; args: M[] }
  | { kind: 'arith'; op: ArithOp; left: M; right: M }
) & { paren?: boolean };

const PREC: Partial<Record<M['kind'], number>> = { or: 1, and: 2, not: 3 };
const prec = (m: M): number => PREC[m.kind] ?? 4;
const isCondition = (m: M): boolean =>
  ['not', 'and', 'or', 'compare', 'predicate'].includes(m.kind);

export function render(m: M, minPrec = 0): string {
  const s = renderBare(m);
  return m.paren || prec(m) < minPrec ? `(${s})` : s;
}

/** A primary expression: what may stand before `in`, `:`, `like`, `regex` unparenthesized. */
function primary(m: M): string {
  return m.kind === 'field' || m.kind === 'call' || m.kind === 'literal'
    ? render(m)
    : `(${render(m)})`;
}

function renderBare(m: M): string {
  switch (m.kind) {
    case 'literal':
    case 'field':
      return m.text;
    case 'not':
      return `${m.kw} ${render(m.operand, 3)}`;
    case 'and':
    case 'or': {
      // Left-associative: the right operand needs parentheses at the same precedence.
      const p = prec(m);
      return `${render(m.left, p)} ${m.kw} ${render(m.right, p + 1)}`;
    }
    case 'compare': {
      const side = (x: M): string => (isCondition(x) ? `(${render(x)})` : render(x));
      return `${side(m.left)} ${m.op} ${side(m.right)}`;
    }
    case 'predicate': {
      const values = m.values.map((v) => render(v));
      return `${primary(m.subject)} ${m.kw} ${m.list ? `(${values.join(', ')})` : values[0]}`;
    }
    case 'call':
      return `${m.name}${m.caseInsensitive ? '~' : ''}(${m.args.map((a) => render(a)).join(', ')})`;
    case 'arith': {
      const left =
        m.left.kind === 'arith' || isCondition(m.left) ? `(${render(m.left)})` : render(m.left);
      return `${left} ${m.op} ${render(m.right)}`;
    }
  }
}

/** The AST shape of the model: what `shapeOf(parseEql(render(m)))` must equal. */
export function modelShape(m: M): unknown {
  switch (m.kind) {
    case 'literal':
      return m.integer === undefined
        ? { kind: m.kind, value: m.value }
        : { kind: m.kind, value: m.value, integer: m.integer };
    case 'field':
      return { kind: m.kind, path: m.path, optional: false };
    case 'not':
      return { kind: m.kind, operand: modelShape(m.operand) };
    case 'predicate':
      return {
        kind: m.kind,
        op: m.op,
        negated: m.negated,
        subject: modelShape(m.subject),
        values: m.values.map(modelShape),
      };
    case 'call':
      return {
        kind: m.kind,
        name: m.name,
        caseInsensitive: m.caseInsensitive,
        args: m.args.map(modelShape),
      };
    case 'compare':
    case 'arith':
      return { kind: m.kind, op: m.op, left: modelShape(m.left), right: modelShape(m.right) };
    default:
      return { kind: m.kind, left: modelShape(m.left), right: modelShape(m.right) };
  }
}

/** A parsed node without positions (spans, operator and character offsets). */
export function astShape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(astShape);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!['start', 'end', 'opStart', 'offsets'].includes(k)) out[k] = astShape(v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Spelling: `seed` bits choose between equivalent ways to write the same thing.

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
};

/** A string literal: raw `"""…"""` when possible and chosen, else escaped in varied ways. */
export function renderString(value: string, seed: number): string {
  if (seed % 4 === 0 && !value.includes('"""') && !/[\r\n]/.test(value)) return `"""${value}"""`;
  const chars = [...value];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const bit = (seed >> (i % 16)) & 1;
    const next = chars[i + 1];
    if (
      c === '\\' &&
      bit &&
      next !== undefined &&
      /^[ -~]$/.test(next) &&
      !'tbfnr"\'\\u'.includes(next)
    ) {
      // Another escaped character keeps its backslash: `\d` is backslash, d.
      out += c + next;
      i++;
    } else if (c === "'" && bit) {
      out += "\\'";
    } else if (ESCAPES[c] !== undefined && !(c === '\t' && bit)) {
      out += ESCAPES[c];
    } else if (c.codePointAt(0)! > 0x7e || c.codePointAt(0)! < 0x20 || (bit && /[a-z]/.test(c))) {
      out += `\\u{${c
        .codePointAt(0)!
        .toString(16)
        .padStart(2 + (seed & 1) * 2, '0')}}`;
    } else {
      out += c;
    }
  }
  return `"${out}"`;
}

const IDENT = /^[A-Za-z_@][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(
  'and any by false in join like maxspan not null of or regex sample sequence true until where with'.split(
    ' ',
  ),
);

/** A field path: plain dotted names, back-quoted segments, or the whole path back-quoted. */
export function renderField(path: string, seed: number): string {
  const quote = (s: string): string => `\`${s.replaceAll('`', '``')}\``;
  if (seed % 3 === 0) return quote(path);
  return path
    .split('.')
    .map((seg, i) =>
      IDENT.test(seg) &&
      !(i === 0 && KEYWORDS.has(seg.toLowerCase())) &&
      (seed >> (i + 2)) % 5 !== 0
        ? seg
        : quote(seg),
    )
    .join('.');
}

/** A keyword in one of its accepted spellings (keywords are case-insensitive). */
export function spell(word: string, seed: number): string {
  const n = seed % 3;
  return n === 0 ? word : n === 1 ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1);
}
