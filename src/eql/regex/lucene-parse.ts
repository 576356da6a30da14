import { ANY_CHAR, type CharSet, charOf, negate, range, union } from './charset.js';
import {
  PREDEFINED,
  angleNode,
  badLetterEscape,
  literalWarning,
  operatorWarning,
  pcreGroupWarning,
  reject,
  repeatBounds,
} from './lucene-syntax.js';
import { EqlRegexError } from './types.js';
import { EMPTY_STRING, type LuceneNode, type LuceneParseResult } from './lucene-ast.js';

// Facts are from apache/lucene lucene/core/src/java/org/apache/lucene/util/automaton/RegExp.java
// (9.x, the line Elasticsearch 8.x ships) and elastic/elasticsearch server/src/main/java/org/
// elasticsearch/index/query/RegexpQueryBuilder.java.
// why: EQL `regex` becomes a `regexp` query with the default flags RegexpFlag.ALL, so every
// optional operator is on: `&` intersection, `~` complement, `#` empty language, `@` any
// string, `<n-m>` intervals and `<name>` named automata.

/** Parses Lucene regex syntax exactly as RegExp(pattern, ALL[, ASCII_CASE_INSENSITIVE]) does. */
export function parseLucene(pattern: string, fold: boolean): LuceneParseResult {
  return new Parser(pattern, fold).parse();
}

/** Nesting cronwarden evaluates: deeper patterns are refused rather than risk the stack. */
export const MAX_LUCENE_NESTING = 100;

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly warnings: LuceneParseResult['warnings'] = [];

  constructor(
    private readonly src: string,
    private readonly fold: boolean,
  ) {}

  parse(): LuceneParseResult {
    // why: Lucene maps the empty pattern to the empty string, not to a parse error.
    if (this.src.length === 0) return { root: EMPTY_STRING(0), warnings: this.warnings };
    const root = this.parseUnion();
    // why: concatenation stops only at `)`, `|` or `&`, and the last two are consumed above.
    if (this.more()) {
      const todo = "escape it as '\\)' to match a literal ')'";
      throw reject(this.pos, `unbalanced ')' at ${this.pos}`, todo);
    }
    return { root, warnings: this.warnings };
  }

  private parseUnion(): LuceneNode {
    const offset = this.pos;
    const items = [this.parseInter()];
    while (this.match('|')) items.push(this.parseInter());
    return items.length === 1 ? items[0]! : { kind: 'union', items, offset };
  }

  private parseInter(): LuceneNode {
    let node = this.parseConcat();
    let chain = 0;
    for (let at = this.pos; this.match('&'); at = this.pos) {
      // A chain of `&` builds a tree as deep as it is long: it counts toward the bound.
      const right = this.nested(at, () => this.parseConcat(), ++chain);
      node = { kind: 'intersection', left: node, right, offset: at };
    }
    return node;
  }

  private parseConcat(): LuceneNode {
    const offset = this.pos;
    const items = [this.parseRepeat()];
    while (this.more() && !this.peek(')|&')) items.push(this.parseRepeat());
    return items.length === 1 ? items[0]! : { kind: 'concat', items, offset };
  }

  private parseRepeat(): LuceneNode {
    let node = this.parseComplement();
    // Each stacked quantifier wraps the tree one level deeper: it counts toward the bound.
    let stacked = 0;
    // why: Lucene loops over quantifiers, so `a*?` is `(a*)?` and `a++` is `(a+)+`: PCRE's lazy
    // and possessive forms parse, and for a whole-value match they denote the same language.
    while (this.peek('?*+{')) {
      const offset = this.pos;
      if (++stacked + this.depth > MAX_LUCENE_NESTING) this.nested(offset, () => null, stacked);
      const q = this.nextChar();
      if (q === '?') node = { kind: 'repeat', item: node, min: 0, max: 1, offset };
      else if (q === '*') node = { kind: 'repeat', item: node, min: 0, max: null, offset };
      else if (q === '+') node = { kind: 'repeat', item: node, min: 1, max: null, offset };
      else node = this.parseBounds(node, offset);
    }
    return node;
  }

  private parseBounds(item: LuceneNode, offset: number): LuceneNode {
    const { min, max, end } = repeatBounds(this.src, offset);
    this.pos = end;
    return { kind: 'repeat', item, min, max, offset };
  }

  private nested<T>(offset: number, parse: () => T, extra = 0): T {
    if (++this.depth + extra > MAX_LUCENE_NESTING)
      throw new EqlRegexError(
        `cronwarden cannot evaluate regexes nested more than ${MAX_LUCENE_NESTING} levels deep (at ${offset}): simplify it`,
        offset,
      );
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private parseComplement(): LuceneNode {
    const offset = this.pos;
    if (this.match('~'))
      return {
        kind: 'complement',
        item: this.nested(offset, () => this.parseComplement()),
        offset,
      };
    return this.parseClass();
  }

  private parseClass(): LuceneNode {
    const offset = this.pos;
    if (!this.match('[')) return this.parseSimple();
    const negated = this.match('^');
    // why: the first item always consumes a character, so `[]a]` is the class {']', 'a'}.
    let set = this.parseClassItem();
    while (this.more() && !this.peek(']')) set = union(set, this.parseClassItem());
    if (!this.match(']')) {
      throw reject(offset, `class '[' at ${offset} is not closed`, "add ']' or write '\\['");
    }
    return { kind: 'set', set: negated ? negate(set) : set, offset };
  }

  private parseClassItem(): CharSet {
    const predefined = this.matchPredefined();
    if (predefined) return predefined;
    const offset = this.pos;
    const c = this.parseCharExp();
    if (!this.match('-')) return charOf(c, this.fold);
    const end = this.parseCharExp();
    if (c > end) {
      const what = `class range '${String.fromCodePoint(c, 0x2d, end)}' at ${offset} goes backwards`;
      throw reject(offset, what, "swap its ends, or escape '-' as '\\-'");
    }
    // why: Lucene 9 folds single characters but not ranges: with regex~, [a-z] still rejects 'Q'.
    return range(c, end);
  }

  /** `\d \D \s \S \w \W`, `\\`, or an error for other ASCII letters; consumes a lone `\`. */
  private matchPredefined(): CharSet | null {
    const offset = this.pos;
    if (!this.match('\\')) return null;
    const ch = this.src[this.pos];
    if (ch !== undefined && PREDEFINED[ch]) {
      this.pos++;
      return PREDEFINED[ch];
    }
    if (ch === '\\') {
      this.pos++;
      return charOf(0x5c, false);
    }
    if (ch !== undefined && /[A-Za-z]/.test(ch)) throw badLetterEscape(ch, offset);
    return null;
  }

  private parseSimple(): LuceneNode {
    const offset = this.pos;
    if (this.match('.')) return { kind: 'set', set: ANY_CHAR, offset };
    if (this.match('#') || this.match('@')) {
      this.warnings.push(operatorWarning(this.src[offset]!, offset));
      return { kind: this.src[offset] === '#' ? 'emptyLanguage' : 'anyString', offset };
    }
    if (this.match('"')) return this.parseQuoted(offset);
    if (this.match('(')) return this.parseGroup(offset);
    if (this.match('<')) return this.parseAngle(offset);
    const predefined = this.matchPredefined();
    if (predefined) return { kind: 'set', set: predefined, offset };
    const escaped = this.src[offset] === '\\';
    const c = this.parseCharExp();
    // why: `(?` already got its PCRE warning for the same '?'.
    const warnHere = escaped || this.src.slice(offset - 1, offset + 1) !== '(?';
    const warning = warnHere ? literalWarning(String.fromCodePoint(c), escaped, offset) : null;
    if (warning) this.warnings.push(warning);
    return { kind: 'set', set: charOf(c, this.fold), offset };
  }

  private parseQuoted(offset: number): LuceneNode {
    // why: inside "…" nothing is special, not even '\'; the string ends at the next '"'.
    const end = this.src.indexOf('"', this.pos);
    if (end < 0) {
      throw reject(
        offset,
        `quoted string '"' at ${offset} is not closed`,
        `add '"' or escape it as '\\"'`,
      );
    }
    const items: LuceneNode[] = [];
    for (const ch of this.src.slice(this.pos, end)) {
      items.push({ kind: 'set', set: charOf(ch.codePointAt(0)!, this.fold), offset });
    }
    this.pos = end + 1;
    return { kind: 'concat', items, offset };
  }

  private parseGroup(offset: number): LuceneNode {
    // why: `()` is the empty string in Lucene, not an error.
    if (this.match(')')) return EMPTY_STRING(offset);
    if (this.peek('?')) this.warnings.push(pcreGroupWarning(this.src, offset));
    const node = this.nested(offset, () => this.parseUnion());
    if (!this.match(')')) {
      // why: a ')' right after '|' or '(' is read as a literal, so `(a|)` leaves the group open.
      const eaten = /\|\)$/.test(this.src.slice(0, this.pos))
        ? this.src.lastIndexOf(')', this.pos)
        : -1;
      const why =
        eaten >= 0
          ? `; the ')' at ${eaten} follows '|' and was read as a literal (an empty alternative is not allowed: write (a)? instead of (a|))`
          : '';
      const what = `group '(' at ${offset} is not closed (Lucene expected ')' at ${this.pos})${why}`;
      throw reject(offset, what, "add ')' or escape the '(' as '\\('");
    }
    return node;
  }

  private parseAngle(offset: number): LuceneNode {
    const end = this.src.indexOf('>', this.pos);
    if (end < 0) {
      const what = `'<' at ${offset} opens a numeric interval <n-m> that is never closed`;
      throw reject(offset, what, "escape it as '\\<' to match a literal '<'");
    }
    const body = this.src.slice(this.pos, end);
    this.pos = end + 1;
    return angleNode(body, offset);
  }

  private parseCharExp(): number {
    this.match('\\');
    if (!this.more()) {
      const last = this.src.length - 1;
      if (this.src[last] === '\\') {
        throw reject(last, `the regex ends with a lone '\\' at ${last}`, "escape it as '\\\\'");
      }
      const what = `the regex ends where an expression is expected (after '${this.src[last] ?? ''}' at ${last})`;
      throw reject(this.src.length, what, 'complete it, or escape that character with \\');
    }
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private nextChar(): string {
    return this.src[this.pos++] ?? '';
  }

  private more(): boolean {
    return this.pos < this.src.length;
  }

  private peek(chars: string): boolean {
    const ch = this.src[this.pos];
    return ch !== undefined && chars.includes(ch);
  }

  private match(ch: string): boolean {
    if (this.src[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }
}
