import { gunzipSync } from 'node:zlib';
import { echoOutput, printfCall } from './echo-printf.js';
import type { ParsedCommand } from './command.js';
import { DecodeBudget, textIfPrintable } from './printable.js';
import { programName, unwrapCommand } from './programs.js';

/**
 * Static evaluation of the pipelines attackers use to hide a script: a text source (`echo`,
 * `printf`, `cat <<<`, a here-string) followed by decoders (`base64 -d`, `xxd -r -p`, `rev`,
 * `gunzip`, `openssl base64 -d`). Anything else (network, files, unknown programs) makes the
 * pipeline unevaluable and the caller keeps the source text as written.
 */
export interface Evaluated {
  text: string;
  /** A decoding step ran: the text was not visible in the source. */
  decoded: boolean;
}

type Stage = (input: Buffer | null, args: string[], budget: DecodeBudget) => Buffer | null;

function hasFlag(args: readonly string[], short: string, long: readonly string[]): boolean {
  return args.some(
    (arg) =>
      long.includes(arg) ||
      (arg.length > 1 && arg[0] === '-' && arg[1] !== '-' && arg.includes(short)),
  );
}

/** Non-option arguments other than `-` (stdin): a file operand we cannot read. */
function readsFile(args: readonly string[], valueOptions: readonly string[] = []): boolean {
  for (let i = 0; i < args.length; i++) {
    if (valueOptions.includes(args[i]!)) i++;
    else if (args[i] !== '-' && !args[i]!.startsWith('-')) return true;
  }
  return false;
}

function limited(bytes: Buffer, budget: DecodeBudget): Buffer {
  return bytes.subarray(0, budget.take(bytes.length));
}

function withoutWhitespace(input: Buffer): string {
  return input.toString('latin1').replace(/\s+/g, '');
}

const base64Decode: Stage = (input, args, budget) => {
  if (input === null || readsFile(args, ['-w', '--wrap'])) return null;
  if (!hasFlag(args, 'd', ['--decode']) && !hasFlag(args, 'D', [])) return null;
  return limited(Buffer.from(withoutWhitespace(input), 'base64'), budget);
};

const xxdRevert: Stage = (input, args, budget) => {
  if (input === null || readsFile(args, ['-c', '-g', '-l', '-s'])) return null;
  const revert = hasFlag(args, 'r', ['-revert']);
  const plain = hasFlag(args, 'p', ['-plain', '-ps', '-postscript']);
  if (!revert || !plain) return null;
  const hex = withoutWhitespace(input);
  return limited(Buffer.from(hex.length % 2 === 0 ? hex : hex.slice(0, -1), 'hex'), budget);
};

const reverse: Stage = (input, args) => {
  if (input === null || readsFile(args)) return null;
  const lines = input.toString('utf8').split('\n');
  return Buffer.from(lines.map((line) => [...line].reverse().join('')).join('\n'), 'utf8');
};

const gunzip: Stage = (input, args, budget) => {
  if (input === null || readsFile(args)) return null;
  try {
    return limited(gunzipSync(input, { maxOutputLength: Math.max(1, budget.remaining) }), budget);
  } catch {
    return null;
  }
};

function gzipDecompress(input: Buffer | null, args: string[], budget: DecodeBudget): Buffer | null {
  if (!hasFlag(args, 'd', ['--decompress'])) return null;
  return gunzip(input, args, budget);
}

/** `openssl base64 -d` / `openssl enc -base64 -d`, reading stdin only. */
function opensslBase64(input: Buffer | null, args: string[], budget: DecodeBudget): Buffer | null {
  if (!args.includes('base64') && !args.includes('-base64') && !args.includes('-a')) return null;
  if (args.includes('-in')) return null;
  const flags = args.filter((a) => a.startsWith('-') && a !== '-base64' && a !== '-a');
  return base64Decode(input, flags, budget);
}

const STAGES = new Map<string, Stage>([
  ['base64', base64Decode],
  ['xxd', xxdRevert],
  ['rev', reverse],
  ['gunzip', gunzip],
  ['zcat', gunzip],
  ['gzip', gzipDecompress],
  ['openssl', opensslBase64],
]);

function sourceOutput(name: string, args: string[], input: Buffer | null, maxChars: number) {
  if (name === 'echo') return echoOutput(args);
  if (name === 'printf') {
    const call = printfCall(args, maxChars);
    return call === null || call.variable !== null ? null : call.output;
  }
  if (name === 'cat' && input !== null && !readsFile(args)) {
    return { text: input.toString('utf8'), decoded: false };
  }
  return null;
}

/**
 * Follows a pipeline one command at a time, so a caller can ask for the input of every stage in
 * a single pass (a pipeline with many `| sh` stages costs linear time, not quadratic).
 */
export class PipelineEvaluator {
  private data: Buffer | null = null;
  private decoded = false;

  constructor(private readonly budget: DecodeBudget) {}

  feed(command: ParsedCommand): void {
    const chain = unwrapCommand(command.argv);
    const argv = chain[chain.length - 1]!;
    const input = command.stdinText !== null ? Buffer.from(command.stdinText, 'utf8') : this.data;
    this.data = null;
    if (argv.length === 0) return;
    const name = programName(argv[0]!);
    const args = argv.slice(1);
    const source = sourceOutput(name, args, input, this.budget.remaining);
    if (source !== null) {
      // echo only repeats its (already budgeted) arguments; printf and cat are charged.
      const bytes = Buffer.from(source.text, 'utf8');
      this.data = name === 'echo' ? bytes : limited(bytes, this.budget);
      this.decoded = source.decoded;
      return;
    }
    const stage = STAGES.get(name);
    this.data = stage === undefined ? null : stage(input, args, this.budget);
    this.decoded = true;
  }

  /** What the commands fed so far write to stdout, or null when it cannot be known statically. */
  output(): Evaluated | null {
    if (this.data === null) return null;
    const text = this.decoded ? textIfPrintable(this.data) : this.data.toString('utf8');
    if (text === null) return null;
    let end = text.length;
    while (end > 0 && text[end - 1] === '\n') end--;
    return { text: text.slice(0, end), decoded: this.decoded };
  }
}

export function evaluatePipeline(
  commands: readonly ParsedCommand[],
  budget: DecodeBudget,
): Evaluated | null {
  const evaluator = new PipelineEvaluator(budget);
  for (const command of commands) evaluator.feed(command);
  return evaluator.output();
}
