import { decodeEscapes } from './escapes.js';
import { FieldBuilder } from './fields.js';
import { MAX_EXPANSION_CHARS } from './limits.js';
import { expandParameter } from './param-expansion.js';
import { findBraceEnd, isDigit, isNameChar, isNameStart, skipBalancedParens } from './scan.js';
import type { Scope } from './scope.js';

/**
 * Reading one shell word: quote removal, backslash escapes, `$'…'`, `$VAR`/`${…}` expansion
 * from the scope and field splitting of unquoted expansions (so `cat${IFS}/etc/passwd` is two
 * words and `$CMD` holding `bash -i` is too). Unknown variables stay as written. Command
 * substitution is delegated to the parser subclass, which parses `$(…)` in place.
 */
export interface ExpansionHost {
  /** Reserves `chars` of expansion output; false once the budget is spent. */
  chargeExpansion(chars: number): boolean;
  /** Text decoded from `$'…'` escapes, reported as a payload. */
  notePayload(text: string): void;
}

export interface Word {
  fields: string[];
  raw: string;
  /** Written without quotes, escapes or expansions: may be a reserved word or a brace list. */
  plain: boolean;
  assignment: { name: string; value: string; append: boolean } | null;
}

export interface Substitution {
  value: string;
  /** The value is command output (field-split when unquoted), not the source kept as text. */
  expanded: boolean;
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')']);
const SPECIAL_CHARS = new Set(['\\', "'", '"', '$', '`']);
const DOUBLE_QUOTE_SPECIALS = new Set(['"', '\\', '$', '`']);
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\']);
/** Special parameters whose value is only known at run time: always kept as written. */
const RUNTIME_PARAMETERS = new Set(['?', '$', '!', '-']);

export function isWordEnd(c: string | undefined): boolean {
  return c === undefined || WORD_END.has(c);
}

export abstract class WordReader {
  constructor(
    protected readonly src: string,
    protected readonly scope: Scope,
    protected readonly nesting: number,
    private readonly expansionHost: ExpansionHost,
    public pos: number,
  ) {}

  /** At `$(`: parses the inner script and moves `pos` past its `)`. */
  protected abstract commandSubstitution(): Substitution;
  protected abstract backtickSubstitution(inner: string): Substitution;
  /** Expands a nested word such as a `${X:-default}` default. */
  protected abstract expandNested(text: string): string;

  readWord(assignmentAllowed: boolean): Word {
    const start = this.pos;
    if (assignmentAllowed) {
      let i = start;
      while (i === start ? isNameStart(this.src[i]) : isNameChar(this.src[i])) i++;
      const append = this.src[i] === '+' && this.src[i + 1] === '=';
      if (i > start && (this.src[i] === '=' || append)) {
        this.pos = i + (append ? 2 : 1);
        const value = new FieldBuilder(false);
        this.readContent(value, true);
        const assignment = {
          name: this.src.slice(start, i),
          value: value.finish().join(''),
          append,
        };
        return { fields: [], raw: this.src.slice(start, this.pos), plain: false, assignment };
      }
    }
    const fields = new FieldBuilder(true);
    const plain = this.readContent(fields, true);
    return {
      fields: fields.finish(),
      raw: this.src.slice(start, this.pos),
      plain,
      assignment: null,
    };
  }

  /** The rest of the source as one unsplit word, metacharacters included. */
  readAll(): string {
    const builder = new FieldBuilder(false);
    this.readContent(builder, false);
    return builder.finish().join('');
  }

  private readContent(out: FieldBuilder, stopAtWordEnd: boolean): boolean {
    const src = this.src;
    let plain = true;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (stopAtWordEnd && WORD_END.has(c)) break;
      if (!SPECIAL_CHARS.has(c)) {
        let end = this.pos + 1;
        while (end < src.length && !SPECIAL_CHARS.has(src[end]!)) {
          if (stopAtWordEnd && WORD_END.has(src[end]!)) break;
          end++;
        }
        out.literal(src.slice(this.pos, end));
        this.pos = end;
        continue;
      }
      plain = false;
      if (c === '\\') {
        const next = src[this.pos + 1];
        if (next !== '\n') out.literal(next ?? '\\');
        this.pos += 2;
      } else if (c === "'") {
        const close = src.indexOf("'", this.pos + 1);
        const end = close < 0 ? src.length : close;
        out.literal(src.slice(this.pos + 1, end));
        this.pos = end + 1;
      } else if (c === '"') {
        this.readDoubleQuoted(out);
      } else if (c === '$') {
        this.readDollar(out, false);
      } else {
        this.readBackticks(out, false);
      }
    }
    this.pos = Math.min(this.pos, src.length);
    return plain;
  }

  private readDoubleQuoted(out: FieldBuilder): void {
    const src = this.src;
    this.pos++;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === '\\') {
        const next = src[this.pos + 1];
        if (next !== undefined && DOUBLE_QUOTE_ESCAPABLE.has(next)) out.literal(next);
        else if (next !== '\n') out.literal('\\');
        this.pos +=
          next !== undefined && (DOUBLE_QUOTE_ESCAPABLE.has(next) || next === '\n') ? 2 : 1;
      } else if (c === '$') {
        this.readDollar(out, true);
      } else if (c === '`') {
        this.readBackticks(out, true);
      } else {
        let end = this.pos + 1;
        while (end < src.length && !DOUBLE_QUOTE_SPECIALS.has(src[end]!)) end++;
        out.literal(src.slice(this.pos, end));
        this.pos = end;
      }
    }
  }

  private lookup(name: string): string | undefined {
    if (name === 'IFS') return ' ';
    if (RUNTIME_PARAMETERS.has(name)) return undefined;
    const value = this.scope.get(name);
    return value !== undefined && this.expansionHost.chargeExpansion(value.length)
      ? value
      : undefined;
  }

  private readDollar(out: FieldBuilder, quoted: boolean): void {
    const src = this.src;
    const next = src[this.pos + 1];
    if (next === "'" && !quoted) return this.readAnsiC(out);
    if (next === '"' && !quoted) {
      this.pos++;
      return this.readDoubleQuoted(out);
    }
    if (next === '(' && src[this.pos + 2] === '(') {
      const end = skipBalancedParens(src, this.pos + 1);
      out.literal(src.slice(this.pos, end));
      this.pos = end;
      return;
    }
    if (next === '(') {
      const sub = this.commandSubstitution();
      if (sub.expanded && this.expansionHost.chargeExpansion(sub.value.length)) {
        out.expansion(sub.value, quoted);
      } else out.literal(sub.value);
      return;
    }
    if (next === '{') return this.readBraced(out, quoted);
    let end = this.pos + 2;
    if (isNameStart(next)) while (isNameChar(src[end])) end++;
    else if (next === undefined || (!isDigit(next) && !'@*#?$!-'.includes(next))) end--;
    const name = src.slice(this.pos + 1, end);
    const value = name === '' ? undefined : this.lookup(name);
    if (value === undefined) out.literal(src.slice(this.pos, end));
    else out.expansion(value, quoted);
    this.pos = end;
  }

  private readBraced(out: FieldBuilder, quoted: boolean): void {
    const end = findBraceEnd(this.src, this.pos + 2);
    if (end < 0) {
      out.literal(this.src.slice(this.pos));
      this.pos = this.src.length;
      return;
    }
    const body = this.src.slice(this.pos + 2, end);
    this.pos = end + 1;
    const value = expandParameter(body, {
      lookup: (name) => this.lookup(name),
      expandWord: (text) => this.expandNested(text),
      canProduce: (chars) => chars <= MAX_EXPANSION_CHARS,
    });
    if (value !== null && this.expansionHost.chargeExpansion(value.length)) {
      out.expansion(value, quoted);
    } else out.literal(`\${${body}}`);
  }

  private readAnsiC(out: FieldBuilder): void {
    const src = this.src;
    let i = this.pos + 2;
    while (i < src.length && src[i] !== "'") i += src[i] === '\\' ? 2 : 1;
    const decoded = decodeEscapes(src.slice(this.pos + 2, Math.min(i, src.length)), 'ansi-c');
    out.literal(decoded.text);
    if (decoded.numericEscapes > 0) this.expansionHost.notePayload(decoded.text);
    this.pos = Math.min(i + 1, src.length);
  }

  private readBackticks(out: FieldBuilder, quoted: boolean): void {
    const src = this.src;
    const pieces: string[] = [];
    let i = this.pos + 1;
    let runStart = i;
    while (i < src.length && src[i] !== '`') {
      if (src[i] !== '\\') {
        i++;
        continue;
      }
      const next = src[i + 1];
      if (next === '$' || next === '`' || next === '\\' || (quoted && next === '"')) {
        pieces.push(src.slice(runStart, i), next);
        i += 2;
        runStart = i;
      } else i++;
    }
    pieces.push(src.slice(runStart, Math.min(i, src.length)));
    this.pos = Math.min(i + 1, src.length);
    const sub = this.backtickSubstitution(pieces.join(''));
    if (sub.expanded && this.expansionHost.chargeExpansion(sub.value.length)) {
      out.expansion(sub.value, quoted);
    } else out.literal(sub.value);
  }
}
