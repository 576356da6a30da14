import type { ParsedCommand, ScriptHost } from './command.js';
import { MAX_SUBSTITUTION_NESTING } from './limits.js';
import { skipBalancedParens } from './scan.js';
import type { Scope } from './scope.js';
import { type Substitution, WordReader } from './word-reader.js';

/** A script parsed by a nested parser: its rendering, its only pipeline, where it stopped. */
export interface NestedScript {
  rendered: string;
  single: ParsedCommand[] | null;
  end: number;
}

/**
 * Command and process substitution on top of word reading. A substitution whose script is one
 * evaluable pipeline (`$(echo … | base64 -d)`) is replaced by its output; any other keeps its
 * deobfuscated source as `$(…)`. Nesting beyond MAX_SUBSTITUTION_NESTING is kept as written.
 */
export abstract class SubstitutionReader extends WordReader {
  constructor(
    src: string,
    scope: Scope,
    protected readonly host: ScriptHost,
    nesting: number,
    start: number,
  ) {
    super(src, scope, nesting, host, start);
  }

  /** Runs a parser one level deeper over `src` from `start`. */
  protected abstract parseNested(src: string, start: number, stopAtParen: boolean): NestedScript;
  protected abstract readNestedWord(text: string): string;

  private get atNestingLimit(): boolean {
    return this.nesting + 1 > MAX_SUBSTITUTION_NESTING;
  }

  /** Parses the `(…)` at `pos` in place and moves past it. */
  private parseParenthesized(): NestedScript {
    if (this.atNestingLimit) {
      const end = skipBalancedParens(this.src, this.pos);
      const rendered = this.src.slice(this.pos + 1, this.src[end - 1] === ')' ? end - 1 : end);
      this.pos = end;
      return { rendered, single: null, end };
    }
    const inner = this.parseNested(this.src, this.pos + 1, true);
    this.pos = inner.end;
    return inner;
  }

  private evaluated(inner: NestedScript): Substitution {
    const value = inner.single === null ? null : this.host.evaluateSubstitution(inner.single);
    if (value !== null) return { value, expanded: true };
    return { value: `$(${inner.rendered})`, expanded: false };
  }

  protected commandSubstitution(): Substitution {
    this.pos++;
    return this.evaluated(this.parseParenthesized());
  }

  protected backtickSubstitution(inner: string): Substitution {
    if (this.atNestingLimit) return { value: `\`${inner}\``, expanded: false };
    return this.evaluated(this.parseNested(inner, 0, false));
  }

  protected expandNested(text: string): string {
    return this.atNestingLimit ? text : this.readNestedWord(text);
  }

  /** `<(…)` / `>(…)`: the inner commands run; the word stays as rendered text. */
  protected processSubstitution(): string {
    const kind = this.src[this.pos];
    this.pos++;
    return `${kind}(${this.parseParenthesized().rendered})`;
  }
}
