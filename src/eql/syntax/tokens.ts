export type TokenKind =
  | 'ident'
  /** A back-quoted field name segment. */
  | 'quoted'
  /** `name~`: a case-insensitive function name. */
  | 'tilde'
  | 'string'
  | 'int'
  | 'decimal'
  | 'keyword'
  | 'punct'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Keywords lowercased (`in~` keeps its tilde); identifiers and punctuation as written. */
  text: string;
  start: number;
  end: number;
  /** Strings and quoted identifiers: the value after escapes. */
  value?: string;
  /** Strings: source offset of each value character (plus one past the end). */
  offsets?: number[];
}

/** EQL keywords; the lexer matches them case-insensitively (`AND` is `and`). */
export const KEYWORDS = new Set([
  'and',
  'any',
  'by',
  'false',
  'in',
  'join',
  'like',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'sample',
  'sequence',
  'true',
  'until',
  'where',
  'with',
]);

/** Keywords that take a `~` suffix for case-insensitive matching. */
export const TILDE_KEYWORDS = new Set(['in', 'like', 'regex']);

/** How a token is named in "expected … but found …" messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of query';
    case 'string':
      return `string ${truncate(JSON.stringify(token.value ?? ''))}`;
    case 'int':
    case 'decimal':
      return `number ${token.text}`;
    case 'quoted':
      return `field \`${truncate(token.value ?? '')}\``;
    default:
      return `"${truncate(token.text)}"`;
  }
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
