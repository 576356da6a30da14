import type { ConditionNode } from '../ast.js';

/** A condition syntax error at a 0-based character offset of the condition text. */
export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly aggregation = false,
  ) {
    super(message);
  }
}

interface Token {
  type: '(' | ')' | 'and' | 'or' | 'not' | 'of' | 'word' | 'end';
  text: string;
  offset: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, text: c, offset: i });
      i++;
    } else if (c === '|') {
      throw new ConditionSyntaxError(
        'aggregation expressions (`| count() …`) are Sigma v1; express them as a correlation rule',
        i,
        true,
      );
    } else {
      const start = i;
      while (i < text.length && !/[\s()|]/.test(text[i]!)) i++;
      const word = text.slice(start, i);
      if (word === 'near') {
        throw new ConditionSyntaxError(
          '`near` is a Sigma v1 aggregation; express it as a temporal correlation rule',
          start,
          true,
        );
      }
      tokens.push({
        type: KEYWORDS.has(word) ? (word as Token['type']) : 'word',
        text: word,
        offset: start,
      });
    }
  }
  tokens.push({ type: 'end', text: '', offset: text.length });
  return tokens;
}

/**
 * Recursive descent over: or := and ('or' and)* ; and := not ('and' not)* ;
 * not := 'not' not | primary ; primary := '(' or ')' | quantifier 'of' target | identifier.
 * This encodes the precedence not > and > or.
 */
// Recursion depth is bounded so that a hostile condition cannot overflow the stack.
const MAX_NESTING = 256;

export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  let p = 0;
  let depth = 0;
  const enter = (t: Token): void => {
    if (++depth > MAX_NESTING) {
      throw new ConditionSyntaxError(`conditions nest deeper than ${MAX_NESTING} levels`, t.offset);
    }
  };
  const peek = (): Token => tokens[p]!;
  const next = (): Token => tokens[p++]!;
  const describe = (t: Token): string => (t.type === 'end' ? 'end of condition' : `'${t.text}'`);

  function parseOr(): ConditionNode {
    const args = [parseAnd()];
    while (peek().type === 'or') {
      next();
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { kind: 'or', args };
  }

  function parseAnd(): ConditionNode {
    const args = [parseNot()];
    while (peek().type === 'and') {
      next();
      args.push(parseNot());
    }
    return args.length === 1 ? args[0]! : { kind: 'and', args };
  }

  function parseNot(): ConditionNode {
    if (peek().type === 'not') {
      enter(next());
      const arg = parseNot();
      depth--;
      return { kind: 'not', arg };
    }
    return parsePrimary();
  }

  function parsePrimary(): ConditionNode {
    const t = next();
    if (t.type === '(') {
      enter(t);
      const inner = parseOr();
      depth--;
      const close = next();
      if (close.type !== ')') {
        throw new ConditionSyntaxError(`expected ')' but found ${describe(close)}`, close.offset);
      }
      return inner;
    }
    if (t.type !== 'word') {
      throw new ConditionSyntaxError(
        `expected an identifier, '(', 'not' or 'N of' but found ${describe(t)}`,
        t.offset,
      );
    }
    if (peek().type === 'of') {
      return parseOf(t);
    }
    if (t.text.includes('*')) {
      throw new ConditionSyntaxError(
        `identifier patterns like '${t.text}' need a quantifier: '1 of ${t.text}' or 'all of ${t.text}'`,
        t.offset,
      );
    }
    return { kind: 'id', name: t.text, offset: t.offset };
  }

  function parseOf(quantifierToken: Token): ConditionNode {
    next(); // 'of'
    const q = quantifierToken.text;
    let quantifier: 'all' | number;
    if (q === 'all') quantifier = 'all';
    else if (q === 'any') quantifier = 1;
    else if (/^[1-9][0-9]*$/.test(q)) quantifier = Number(q);
    else {
      throw new ConditionSyntaxError(
        `'${q} of' is not a quantifier: use '1 of', 'any of', 'all of' or a positive number`,
        quantifierToken.offset,
      );
    }
    const target = next();
    if (target.type !== 'word') {
      throw new ConditionSyntaxError(
        `expected 'them' or an identifier pattern after 'of' but found ${describe(target)}`,
        target.offset,
      );
    }
    return { kind: 'of', quantifier, target: target.text, offset: quantifierToken.offset };
  }

  const ast = parseOr();
  const rest = peek();
  if (rest.type !== 'end') {
    throw new ConditionSyntaxError(
      `unexpected ${describe(rest)}: expected 'and', 'or' or end of condition`,
      rest.offset,
    );
  }
  return ast;
}

/** Identifier names an `of` target stands for, in detection order. */
export function resolveOfTarget(target: string, names: readonly string[]): string[] {
  if (target === 'them') return names.filter((n) => !n.startsWith('_'));
  const pattern = globToRegExp(target);
  const allowUnderscore = target.startsWith('_');
  return names.filter((n) => pattern.test(n) && (allowUnderscore || !n.startsWith('_')));
}

function globToRegExp(glob: string): RegExp {
  // Identifier patterns are short rule-author text, and `*` becomes a lazy `.*` with anchors,
  // which is linear for a single wildcard class; names are not attacker-controlled.
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}
