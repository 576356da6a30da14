import { type ParsedCommand, type ScriptHost, isDescriptor, newCommand } from './command.js';
import { braceExpand, isDigit, skipBalancedParens } from './scan.js';
import type { Scope } from './scope.js';
import { type NestedScript, SubstitutionReader } from './substitution-reader.js';
import { isWordEnd } from './word-reader.js';

const RESERVED = new Set('if then else elif fi do done while until { } !'.split(' '));
const HEADERS = new Set(['for', 'select', 'case', 'function']);
const SEPARATORS = new Set(['; ', ' && ', ' || ', ' | ', ' & ']);
const REDIRECTIONS = ['<<<', '<<-', '<<', '<>', '<&', '<', '>>', '>&', '>|', '>', '&>>', '&>'];

/**
 * A best-effort POSIX sh / bash parser that reports every simple command as it completes, in
 * execution order, so assignments (`X=/dev/tcp; … $X/…`) apply to what follows. Compound
 * commands are flattened: reserved words (`if`, `do`, `{` …) are dropped, loop/case headers and
 * function names are not commands, subshells are separators. One forward pass; `$(…)` is parsed
 * in place by a nested parser, beyond MAX_SUBSTITUTION_NESTING kept as text.
 *
 * Returns the deobfuscated script; commands are reported to `host`.
 */
export function parseScript(text: string, scope: Scope, host: ScriptHost): string {
  const parser = new ScriptParser(text, scope, host, 0, 0);
  parser.run(false);
  return parser.rendered();
}

class ScriptParser extends SubstitutionReader {
  private readonly out: string[] = [];
  private lastWasSeparator = true;
  private current = newCommand();
  private pipeline: ParsedCommand[] = [];
  private pipelineCount = 0;
  private firstPipeline: ParsedCommand[] | null = null;
  private heredocs: { command: ParsedCommand; delimiter: string; stripTabs: boolean }[] = [];
  private deferred: ParsedCommand[][] = [];
  private caseDepth = 0;
  private subshellDepth = 0;
  private functionNamePending = false;

  protected parseNested(src: string, start: number, stopAtParen: boolean): NestedScript {
    const inner = new ScriptParser(src, this.scope, this.host, this.nesting + 1, start);
    inner.run(stopAtParen);
    const single = inner.pipelineCount === 1 ? inner.firstPipeline : null;
    return { rendered: inner.rendered(), single, end: inner.pos };
  }

  protected readNestedWord(text: string): string {
    return new ScriptParser(text, this.scope, this.host, this.nesting + 1, 0).readAll();
  }

  rendered(): string {
    const last = this.out[this.out.length - 1];
    const end = last !== undefined && SEPARATORS.has(last) ? this.out.length - 1 : this.out.length;
    return this.out.slice(0, end).join('');
  }

  /** Parses until the end, or past the `)` closing a substitution when `stopAtParen`. */
  run(stopAtParen: boolean): void {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      const next = src[this.pos + 1];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && next === '\n') this.pos += 2;
      else if (c === '#') {
        const newline = src.indexOf('\n', this.pos);
        this.pos = newline < 0 ? src.length : newline;
      } else if (c === '\n') {
        this.pos++;
        this.readHeredocBodies();
        if (this.pipeline.length === 0 || this.current.parts.length > 0) this.endPipeline('; ');
      } else if (c === ';') {
        this.pos += next === ';' ? (src[this.pos + 2] === '&' ? 3 : 2) : next === '&' ? 2 : 1;
        this.endPipeline('; ');
      } else if (c === '&' && next !== '>') {
        this.pos += next === '&' ? 2 : 1;
        this.endPipeline(next === '&' ? ' && ' : ' & ');
      } else if (c === '|') {
        this.pos += next === '|' || next === '&' ? 2 : 1;
        if (next === '|') this.endPipeline(' || ');
        else this.pipe();
      } else if ((c === '<' || c === '>') && next === '(') this.addWord(this.processSubstitution());
      else if (c === '<' || c === '>' || c === '&') this.readRedirection('');
      else if (c === '(') this.openParen();
      else if (c === ')') {
        if (this.closeParen(stopAtParen)) return;
      } else this.readToken();
    }
    this.finish();
  }

  private finish(): void {
    this.endPipeline('');
    this.heredocs = [];
    this.flushDeferred();
  }

  private pushRendered(text: string): void {
    this.out.push(text);
    this.lastWasSeparator = false;
  }

  private pushSeparator(separator: string): void {
    if (this.lastWasSeparator || separator === '') return;
    this.out.push(separator);
    this.lastWasSeparator = true;
  }

  private addWord(word: string): void {
    this.current.argv.push(word);
    this.current.parts.push(word);
  }

  private readToken(): void {
    const start = this.pos;
    let digitsEnd = start;
    while (isDigit(this.src[digitsEnd])) digitsEnd++;
    if (digitsEnd > start && (this.src[digitsEnd] === '<' || this.src[digitsEnd] === '>')) {
      this.pos = digitsEnd;
      return this.readRedirection(this.src.slice(start, digitsEnd));
    }
    const command = this.current;
    const atCommandStart = command.argv.length === 0 && !command.skip;
    const word = this.readWord(atCommandStart);
    if (this.pos === start) {
      this.pos++;
      return;
    }
    if (word.assignment !== null) {
      const { name, value, append } = word.assignment;
      this.scope.set(name, append ? (this.scope.get(name) ?? '') + value : value);
      command.parts.push(`${name}=${value}`);
      return;
    }
    if (atCommandStart && word.plain && (RESERVED.has(word.raw) || HEADERS.has(word.raw))) {
      command.parts.push(word.raw);
      if (HEADERS.has(word.raw)) command.skip = true;
      if (word.raw === 'case') this.caseDepth++;
      if (word.raw === 'function') this.functionNamePending = true;
      return;
    }
    if (atCommandStart && word.plain && word.raw === 'esac') {
      this.caseDepth = Math.max(0, this.caseDepth - 1);
      command.parts.push(word.raw);
      return;
    }
    const fields = (word.plain ? braceExpand(word.raw) : null) ?? word.fields;
    for (const field of fields) command.argv.push(field);
    if (fields.length > 0) command.parts.push(fields.join(' '));
    if (this.functionNamePending) {
      this.functionNamePending = false;
      this.endCommand();
    }
  }

  private endCommand(): void {
    const command = this.current;
    if (command.parts.length === 0) return;
    this.pushRendered(command.parts.join(' '));
    if (!command.skip && (command.argv.length > 0 || command.redirects.length > 0)) {
      this.pipeline.push(command);
    }
    this.current = newCommand();
  }

  private pipe(): void {
    this.endCommand();
    this.pushSeparator(' | ');
  }

  private endPipeline(separator: string): void {
    this.endCommand();
    const pipeline = this.pipeline;
    if (pipeline.length > 0) {
      this.pipeline = [];
      this.pipelineCount++;
      this.firstPipeline ??= pipeline;
      if (this.heredocs.length > 0) this.deferred.push(pipeline);
      else this.host.onPipeline(pipeline, this.scope);
    }
    this.pushSeparator(separator);
  }

  private flushDeferred(): void {
    const deferred = this.deferred;
    this.deferred = [];
    for (const pipeline of deferred) this.host.onPipeline(pipeline, this.scope);
  }

  private readHeredocBodies(): void {
    const src = this.src;
    for (const heredoc of this.heredocs) {
      const lines: string[] = [];
      while (this.pos < src.length) {
        const newline = src.indexOf('\n', this.pos);
        const end = newline < 0 ? src.length : newline;
        let line = src.slice(this.pos, end);
        this.pos = Math.min(end + 1, src.length);
        if (heredoc.stripTabs) {
          let tabs = 0;
          while (line[tabs] === '\t') tabs++;
          line = line.slice(tabs);
        }
        if (line === heredoc.delimiter) break;
        lines.push(line);
      }
      heredoc.command.stdinText ??= lines.length > 0 ? `${lines.join('\n')}\n` : '';
    }
    this.heredocs = [];
    this.flushDeferred();
  }

  private readRedirection(fd: string): void {
    const op = REDIRECTIONS.find((candidate) => this.src.startsWith(candidate, this.pos)) ?? '>';
    this.pos += op.length;
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
    const c = this.src[this.pos];
    let target = '';
    if ((c === '<' || c === '>') && this.src[this.pos + 1] === '(')
      target = this.processSubstitution();
    else if (!isWordEnd(c)) target = this.readWord(false).fields.join(' ');
    const command = this.current;
    if (op === '<<' || op === '<<-') {
      this.heredocs.push({ command, delimiter: target, stripTabs: op === '<<-' });
    }
    if (op === '<<<') command.stdinText = `${target}\n`;
    const duplicate = (op === '>&' || op === '<&') && isDescriptor(target);
    const text = duplicate ? `${fd}${op}${target}` : `${fd}${op} ${target}`;
    command.redirects.push(text);
    command.parts.push(text);
  }

  private openParen(): void {
    const src = this.src;
    const command = this.current;
    let after = this.pos + 1;
    while (src[after] === ' ' || src[after] === '\t') after++;
    if (src[after] === ')') {
      // `name()` defines a function: the name is not a command, the body that follows is.
      this.pos = after + 1;
      if (command.argv.length !== 1) return;
      command.skip = true;
      command.parts.push('()');
      return this.endCommand();
    }
    if (command.argv.length === 0 && src[this.pos + 1] === '(') {
      const end = skipBalancedParens(src, this.pos);
      command.parts.push(src.slice(this.pos, end));
      command.skip = true;
      this.pos = end;
      return;
    }
    this.pos++;
    if (this.caseDepth > 0 && (command.skip || command.argv.length === 0)) return;
    this.endPipeline('; ');
    this.subshellDepth++;
    this.pushRendered('(');
    this.lastWasSeparator = true;
  }

  /** Returns true when the `)` ends this substitution's script. */
  private closeParen(stopAtParen: boolean): boolean {
    this.pos++;
    if (this.caseDepth > 0 && this.subshellDepth === 0) {
      this.pushRendered(`${this.current.parts.join(' ')}) `);
      this.lastWasSeparator = true;
      this.current = newCommand();
      return false;
    }
    if (this.subshellDepth > 0) {
      this.endPipeline('');
      this.subshellDepth--;
      this.pushRendered(')');
      return false;
    }
    if (stopAtParen) {
      this.finish();
      return true;
    }
    this.endPipeline('; ');
    return false;
  }
}
