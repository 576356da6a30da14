import { echoOutput, printfCall } from './echo-printf.js';
import { PipelineEvaluator, evaluatePipeline } from './evaluate.js';
import { commandOption, interpreterCode, networkExecCommands } from './inline-code.js';
import {
  MAX_DECODED_BYTES,
  MAX_EXPANSION_CHARS,
  MAX_INPUT_CHARS,
  MAX_PAYLOAD_DEPTH,
  MAX_RESULT_CHARS,
  MAX_RESULTS,
  MAX_SCRIPT_DEPTH,
  MAX_WORK_CHARS,
} from './limits.js';
import type { ParsedCommand, ScriptHost } from './command.js';
import { parseScript } from './parser.js';
import { decodeLayer } from './payloads.js';
import { DecodeBudget } from './printable.js';
import { baseName, programName, shellInvocation, unwrapCommand } from './programs.js';
import { isNameChar, isNameStart } from './scan.js';
import type { Scope } from './scope.js';

/** Insertion-ordered, de-duplicated, capped in entries and characters; no empty strings. */
export class ResultList {
  private readonly values = new Set<string>();
  private chars = 0;

  /** Returns true when `value` is new and was kept. */
  add(value: string): boolean {
    if (value === '' || this.values.size >= MAX_RESULTS || this.values.has(value)) return false;
    if (this.chars + value.length > MAX_RESULT_CHARS) return false;
    this.chars += value.length;
    this.values.add(value);
    return true;
  }

  toArray(): string[] {
    return [...this.values];
  }
}

/** How deep the current text is: nested shells and decoding layers are capped separately. */
interface Level {
  script: number;
  payload: number;
}

export const TOP_LEVEL: Level = { script: 0, payload: 0 };

/** Builtins whose `NAME=value` arguments set variables. */
const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);

export function renderCommand(argv: readonly string[], redirects: readonly string[]): string {
  return [baseName(argv[0] ?? ''), ...argv.slice(1), ...redirects].join(' ');
}

/** Collects everything one container command will run, across nested shells and payloads. */
export class Analyzer {
  readonly commands = new ResultList();
  readonly programs = new ResultList();
  readonly pipelines = new ResultList();
  readonly payloads = new ResultList();
  readonly texts = new ResultList();
  private workLeft = MAX_WORK_CHARS;
  private expansionLeft = MAX_EXPANSION_CHARS;
  private readonly budget = new DecodeBudget(MAX_DECODED_BYTES);
  private readonly triedTokens = new Set<string>();
  private readonly analyzedScripts = new Set<string>();

  constructor(readonly root: Scope) {}

  analyzeScript(script: string, scope: Scope, level: Level): void {
    const text = script.length > MAX_INPUT_CHARS ? script.slice(0, MAX_INPUT_CHARS) : script;
    this.texts.add(text);
    if (level.script > MAX_SCRIPT_DEPTH || level.payload > MAX_PAYLOAD_DEPTH) return;
    if (this.analyzedScripts.has(text) || this.workLeft < text.length) return;
    this.workLeft -= text.length;
    this.analyzedScripts.add(text);
    const rendered = parseScript(text, scope, this.hostFor(scope, level));
    this.texts.add(rendered);
    this.scanPayloads(text, scope, level);
    if (rendered !== text) this.scanPayloads(rendered, scope, level);
  }

  scanPayloads(text: string, scope: Scope, level: Level): void {
    if (level.payload >= MAX_PAYLOAD_DEPTH) return;
    for (const decoded of decodeLayer(text, this.budget, this.triedTokens)) {
      if (decoded.encoded) this.addPayload(decoded.text, scope, level);
      else this.addPrintedPayload(decoded.text, scope, level);
    }
  }

  /** Decoded text that may be a script (base64, hex, a decoding pipeline): analysed as one. */
  private addPayload(text: string, scope: Scope, level: Level): void {
    this.payloads.add(text);
    this.texts.add(text);
    this.analyzeScript(text, scope, { script: level.script, payload: level.payload + 1 });
  }

  /**
   * Text merely revealed by decoding escapes (`echo -e`, `printf`, an escaped line): kept and
   * searched for further payloads, but not parsed as commands, since nothing executes it.
   */
  private addPrintedPayload(text: string, scope: Scope, level: Level): void {
    if (!this.payloads.add(text)) return;
    this.texts.add(text);
    this.scanPayloads(text, scope, { script: level.script, payload: level.payload + 1 });
  }

  private hostFor(scope: Scope, level: Level): ScriptHost {
    return {
      chargeExpansion: (chars) => {
        if (chars > this.expansionLeft) return false;
        this.expansionLeft -= chars;
        return true;
      },
      notePayload: (text) => {
        if (this.payloads.add(text)) this.texts.add(text);
      },
      onPipeline: (commands, commandScope) => this.onPipeline(commands, commandScope, level),
      evaluateSubstitution: (commands) => {
        const result = evaluatePipeline(commands, this.budget);
        // The output becomes a word; whether it runs is decided by the command using it.
        if (result?.decoded === true) this.addPrintedPayload(result.text, scope, level);
        return result === null ? null : result.text;
      },
    };
  }

  private onPipeline(commands: ParsedCommand[], scope: Scope, level: Level): void {
    for (const command of commands) this.recordCommand(command, scope, level);
    if (commands.length < 2) return;
    this.pipelines.add(commands.map((c) => renderCommand(c.argv, c.redirects)).join(' | '));
    const evaluator = new PipelineEvaluator(this.budget);
    evaluator.feed(commands[0]!);
    for (let i = 1; i < commands.length; i++) {
      const command = commands[i]!;
      const output = command.stdinText === null ? this.stdinScriptOutput(command, evaluator) : null;
      evaluator.feed(command);
      if (output === null) continue;
      if (output.decoded) this.addPayload(output.text, scope, level);
      if (output.shell)
        this.analyzeScript(output.text, scope, { ...level, script: level.script + 1 });
      else this.inlineCode(output.text, scope, level);
    }
  }

  /** The script piped into `command` when it is a shell or interpreter reading code from stdin. */
  private stdinScriptOutput(command: ParsedCommand, evaluator: PipelineEvaluator) {
    const chain = unwrapCommand(command.argv);
    const argv = chain[chain.length - 1]!;
    const shell = shellInvocation(argv);
    const readsCode = shell === null && interpreterCode(argv)?.readsStdin === true;
    if (shell?.readsStdin !== true && !readsCode) return null;
    const output = evaluator.output();
    return output === null ? null : { ...output, shell: shell !== null };
  }

  recordCommand(
    command: Pick<ParsedCommand, 'argv' | 'redirects' | 'stdinText'>,
    scope: Scope,
    level: Level,
  ): void {
    if (command.argv.length === 0) return;
    const rendered = renderCommand(command.argv, command.redirects);
    this.commands.add(rendered);
    this.texts.add(rendered);
    const chain = unwrapCommand(command.argv);
    for (const argv of chain) this.programs.add(programName(argv[0] ?? ''));
    const inner = chain[chain.length - 1]!;
    if (chain.length > 1) {
      const innerRendered = renderCommand(inner, command.redirects);
      this.commands.add(innerRendered);
      this.texts.add(innerRendered);
    }
    this.runEffects(inner, command.stdinText, scope, level);
  }

  private inlineCode(code: string, scope: Scope, level: Level): void {
    this.texts.add(code);
    this.scanPayloads(code, scope, level);
  }

  /** What running `argv` implies beyond itself: nested scripts, inline code, variables. */
  private runEffects(argv: string[], stdinText: string | null, scope: Scope, level: Level): void {
    const nested = { ...level, script: level.script + 1 };
    const shell = shellInvocation(argv);
    if (shell !== null) {
      const body = shell.script ?? (shell.readsStdin ? stdinText : null);
      const shellScope = scope.withPositional(shell.name, shell.positional);
      if (body !== null) this.analyzeScript(body, shellScope, nested);
      return;
    }
    const name = programName(argv[0] ?? '');
    const args = argv.slice(1);
    if (name === 'eval') return this.analyzeScript(args.join(' '), scope, nested);
    const option = commandOption(argv);
    if (option !== null) return this.analyzeScript(option, scope, nested);
    for (const command of networkExecCommands(argv)) this.analyzeScript(command, scope, nested);
    const code = interpreterCode(argv);
    if (code !== null) {
      for (const text of code.code) this.inlineCode(text, scope, level);
      if (code.readsStdin && stdinText !== null) this.inlineCode(stdinText, scope, level);
    }
    if (DECLARATIONS.has(name)) {
      for (const arg of args) {
        const eq = arg.indexOf('=');
        if (eq > 0 && isVariableName(arg.slice(0, eq)))
          scope.set(arg.slice(0, eq), arg.slice(eq + 1));
      }
    }
    if (name === 'echo' || name === 'printf') this.printedText(name, args, scope, level);
  }

  /** `printf -v` assigns; escapes decoded by echo/printf are payloads. */
  private printedText(name: string, args: string[], scope: Scope, level: Level): void {
    if (name === 'echo') {
      const output = echoOutput(args);
      if (output.decoded) this.addPrintedPayload(output.text.trim(), scope, level);
      return;
    }
    const call = printfCall(args, Math.min(this.budget.remaining, this.expansionLeft));
    if (call === null) return;
    this.expansionLeft = Math.max(0, this.expansionLeft - call.output.text.length);
    if (call.variable !== null && isVariableName(call.variable))
      scope.set(call.variable, call.output.text);
    if (call.output.decoded) this.addPrintedPayload(call.output.text.trim(), scope, level);
  }
}

function isVariableName(name: string): boolean {
  if (!isNameStart(name[0])) return false;
  for (let i = 1; i < name.length; i++) if (!isNameChar(name[i])) return false;
  return true;
}
