import { EqlSyntaxError } from '../errors.js';
import type { SourceText } from './source.js';
import { describeToken, type Token } from './tokens.js';

export const VALUE = 'a value (string, number, boolean, null, field or function)';
export const END = 'end of query';
export const MAX_NESTING = 200;

/**
 * A position in the token list that remembers what the parser looked for at the current
 * token, so a syntax error lists every alternative that would have been accepted there.
 */
export class Cursor {
  #pos = 0;
  #depth = 0;
  #expectedAt = -1;
  readonly #expected: string[] = [];

  constructor(
    readonly src: SourceText,
    readonly tokens: Token[],
  ) {}

  get token(): Token {
    return this.tokens[this.#pos]!;
  }

  /** The token after the current one (eof repeats at the end). */
  get next(): Token {
    return this.tokens[Math.min(this.#pos + 1, this.tokens.length - 1)]!;
  }

  /** Where the previous token ended: the end of the node just parsed. */
  get lastEnd(): number {
    return this.#pos === 0 ? 0 : this.tokens[this.#pos - 1]!.end;
  }

  advance(): Token {
    const t = this.token;
    if (t.kind !== 'eof') this.#pos++;
    return t;
  }

  /**
   * Parses something nested (a parenthesis, `not`, a sign, a function call) with a bound on
   * how deep: a hostile query must get a syntax error, not exhaust the stack.
   */
  nested<T>(offset: number, parse: () => T): T {
    if (++this.#depth > MAX_NESTING)
      throw this.error(
        `the expression is nested more than ${MAX_NESTING} levels deep: simplify it`,
        offset,
      );
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  /** Records that `label` would have been accepted here (quiet checks record nothing). */
  expect(label: string): void {
    if (this.#expectedAt !== this.#pos) {
      this.#expectedAt = this.#pos;
      this.#expected.length = 0;
    }
    if (!this.#expected.includes(label)) this.#expected.push(label);
  }

  /** Whether the current token is the keyword or punctuation `text`. */
  is(text: string): boolean {
    const t = this.token;
    return (t.kind === 'keyword' || t.kind === 'punct') && t.text === text;
  }

  /** Consumes `text` when it is next; otherwise records it as expected (unless quiet). */
  accept(text: string, quiet = false): Token | null {
    if (this.is(text)) return this.advance();
    if (!quiet) this.expect(`"${text}"`);
    return null;
  }

  require(text: string): Token {
    return this.accept(text) ?? this.fail();
  }

  /** A syntax error at the current token listing what was expected there. */
  fail(): never {
    const expected = this.#expectedAt === this.#pos ? [...this.#expected] : [];
    const found = describeToken(this.token);
    const detail =
      expected.length === 0
        ? `unexpected ${found}`
        : expected.length === 1
          ? `expected ${expected[0]} but found ${found}`
          : `expected one of ${expected.join(', ')} but found ${found}`;
    throw this.error(detail, this.token.start, expected);
  }

  error(detail: string, offset: number, expected: string[] = []): EqlSyntaxError {
    const at = this.src.position(offset);
    return new EqlSyntaxError(detail, at.line, at.column, expected);
  }
}
