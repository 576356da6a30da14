import { EqlSyntaxError } from '../errors.js';
import type { SourceText } from './source.js';
import { scanQuoted, scanRaw } from './strings.js';
import { KEYWORDS, TILDE_KEYWORDS, type Token } from './tokens.js';

const TWO_CHAR_PUNCT = new Set(['==', '!=', '<=', '>=', '![']);
const ONE_CHAR_PUNCT = new Set([...'<>=:+-*/%.,[]()|?']);

/** Splits a query into tokens; comments and whitespace are dropped. Ends with an `eof` token. */
export function tokenize(src: SourceText): Token[] {
  const text = src.text;
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string, at: number): never => {
    const pos = src.position(at);
    throw new EqlSyntaxError(message, pos.line, pos.column);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      i = skipBlockComment(text, i, fail);
    } else if (c === '"') {
      const s = text.startsWith('"""', i) ? scanRaw(src, i) : scanQuoted(src, i);
      tokens.push({ kind: 'string', text: text.slice(i, s.end), start: i, ...s });
      i = s.end;
    } else if (c === "'") {
      // EQL reserves single quotes; Elasticsearch rejects them with this advice.
      fail('use double quotes ["] to define string literals, not single quotes [\']', i);
    } else if (c === '`') {
      i = scanBacktick(text, i, tokens, fail);
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1]) && !followsName(tokens))) {
      i = scanNumber(text, i, tokens);
    } else if (isNameStart(c)) {
      i = scanName(text, i, tokens);
    } else if (c === '?' && text[i + 1] === '"') {
      fail('use triple double quotes ["""] to define unescaped string literals, not [?"]', i);
    } else if (TWO_CHAR_PUNCT.has(text.slice(i, i + 2))) {
      tokens.push({ kind: 'punct', text: text.slice(i, i + 2), start: i, end: i + 2 });
      i += 2;
    } else if (ONE_CHAR_PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
    } else {
      fail(`unexpected character ${JSON.stringify(String.fromCodePoint(text.codePointAt(i)!))}`, i);
    }
  }
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

function skipBlockComment(text: string, start: number, fail: (m: string, at: number) => never) {
  // Block comments nest, as in the EQL grammar's BRACKETED_COMMENT rule.
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return fail('unterminated comment', start);
}

function scanBacktick(
  text: string,
  start: number,
  tokens: Token[],
  fail: (m: string, at: number) => never,
): number {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '`') {
      if (text[i + 1] === '`') {
        value += '`';
        i += 2;
        continue;
      }
      if (value === '') return fail('empty back-quoted field name: name a field', start);
      tokens.push({ kind: 'quoted', text: text.slice(start, i + 1), value, start, end: i + 1 });
      return i + 1;
    }
    value += text[i];
    i++;
  }
  return fail('unterminated back-quoted field name', start);
}

function scanNumber(text: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(text[i])) i++;
  let decimal = false;
  if (text[i] === '.' && !isNameStart(text[i + 1] ?? '')) {
    decimal = true;
    i++;
    while (isDigit(text[i])) i++;
  }
  const e = text[i];
  if (e === 'e' || e === 'E') {
    const sign = text[i + 1] === '+' || text[i + 1] === '-' ? 1 : 0;
    if (isDigit(text[i + 1 + sign])) {
      decimal = true;
      i += 1 + sign;
      while (isDigit(text[i])) i++;
    }
  }
  tokens.push({ kind: decimal ? 'decimal' : 'int', text: text.slice(start, i), start, end: i });
  return i;
}

function scanName(text: string, start: number, tokens: Token[]): number {
  let i = start + 1;
  while (i < text.length && isNamePart(text[i]!)) i++;
  const name = text.slice(start, i);
  const lower = name.toLowerCase();
  if (text[i] === '~') {
    if (TILDE_KEYWORDS.has(lower)) {
      tokens.push({ kind: 'keyword', text: `${lower}~`, start, end: i + 1 });
    } else {
      tokens.push({ kind: 'tilde', text: name, start, end: i + 1 });
    }
    return i + 1;
  }
  const kind = KEYWORDS.has(lower) ? 'keyword' : 'ident';
  tokens.push({ kind, text: kind === 'keyword' ? lower : name, start, end: i });
  return i;
}

/** `.5` after a name is a path separator and a number, not a decimal. */
function followsName(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && (last.kind === 'ident' || last.kind === 'quoted');
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

// Identifiers as in the EQL grammar: ASCII letters, digits and `_`; `@` may start one so that
// `@timestamp` needs no back quotes.
function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '@';
}

function isNamePart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || isDigit(c);
}
