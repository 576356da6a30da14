import { MAX_WRAPPERS } from './limits.js';

/** What a program name means to the analysis: basenames, shells and wrapper commands. */

/**
 * `/usr/bin/bash` → `bash`; a trailing slash is ignored. Slashes inside an unexpanded `$(…)` or
 * `${…}` do not count, so `$(curl http://x/y)` stays whole while `${HOME}/x` gives `x`.
 */
export function baseName(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  let depth = 0;
  let lastSlash = -1;
  for (let i = 0; i < end; i++) {
    const c = path[i];
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === '/' && depth === 0) lastSlash = i;
  }
  return path.slice(lastSlash + 1, end);
}

export function programName(path: string): string {
  return baseName(path).toLowerCase();
}

/** Shells whose `-c` argument is a script. csh/fish syntax differs but is lexed alike. */
export const SHELLS: ReadonlySet<string> = new Set([
  'sh',
  'bash',
  'dash',
  'ash',
  'zsh',
  'ksh',
  'ksh93',
  'mksh',
  'pdksh',
  'lksh',
  'yash',
  'posh',
  'rbash',
  'hush',
  'csh',
  'tcsh',
  'fish',
]);

interface WrapperSpec {
  /** Options that consume the next argument. */
  valueOptions?: readonly string[];
  /** Operands before the wrapped command (`timeout DURATION`, `chroot NEWROOT`). */
  operands?: number;
  /** `NAME=value` arguments are allowed before the command (`env`). */
  assignments?: boolean;
}

/** Commands that run their arguments as another command. */
const WRAPPERS = new Map<string, WrapperSpec>([
  ['env', { valueOptions: ['-u', '--unset', '-C', '--chdir'], assignments: true }],
  ['busybox', {}],
  ['exec', { valueOptions: ['-a'] }],
  ['command', {}],
  ['builtin', {}],
  ['nohup', {}],
  ['setsid', {}],
  ['time', { valueOptions: ['-f', '-o'] }],
  ['nice', { valueOptions: ['-n'] }],
  ['ionice', { valueOptions: ['-c', '-n', '-t'] }],
  ['stdbuf', { valueOptions: ['-i', '-o', '-e'] }],
  ['timeout', { valueOptions: ['-s', '-k', '--signal', '--kill-after'], operands: 1 }],
  ['sudo', { valueOptions: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T'] }],
  ['doas', { valueOptions: ['-u', '-C'] }],
  ['chroot', { operands: 1 }],
  ['nsenter', { valueOptions: ['-t', '--target', '-S', '--setuid', '-G', '--setgid'] }],
  ['unshare', {}],
]);

function isAssignmentWord(word: string): boolean {
  const eq = word.indexOf('=');
  return eq > 0 && !word.startsWith('-');
}

/** The command a wrapper runs, or null when `argv` is not a wrapper (or wraps nothing). */
function unwrapOnce(argv: readonly string[]): string[] | null {
  const spec = WRAPPERS.get(programName(argv[0] ?? ''));
  if (spec === undefined) return null;
  let i = 1;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (spec.assignments === true && isAssignmentWord(arg)) i++;
    else if (arg.length > 1 && arg.startsWith('-')) i += spec.valueOptions?.includes(arg) ? 2 : 1;
    else break;
  }
  i += spec.operands ?? 0;
  return i < argv.length ? argv.slice(i) : null;
}

/** `argv` followed by each command it wraps: `sudo env X=1 nohup sh -c …` → 4 argvs. */
export function unwrapCommand(argv: readonly string[]): string[][] {
  const chain = [[...argv]];
  for (let n = 0; n < MAX_WRAPPERS; n++) {
    const inner = unwrapOnce(chain[chain.length - 1]!);
    if (inner === null) break;
    chain.push(inner);
  }
  return chain;
}

/** `-c`, `-ec`, `-xc`, `-lc` …: short option groups that include `c`. */
function isCommandFlagGroup(arg: string): boolean {
  return arg.length > 1 && arg[0] === '-' && arg[1] !== '-' && arg.includes('c');
}

/** Single-letter sh/bash options; used where it is unknown whether a shell gets the flags. */
const SHELL_OPTION_LETTERS = 'abcefhiklmnprstuvxBCEHPT';

/** `-c`, `-ec`, `-euxc` …, but not `-config`: only shell option letters, including `c`. */
export function isShellCommandFlags(arg: string): boolean {
  if (!isCommandFlagGroup(arg)) return false;
  for (let i = 1; i < arg.length; i++) if (!SHELL_OPTION_LETTERS.includes(arg[i]!)) return false;
  return true;
}

export interface ShellInvocation {
  /** The `-c` script, or null when the shell runs a file or reads stdin. */
  script: string | null;
  /** `$0` and `$1…` for the script. */
  name: string | undefined;
  positional: string[];
  /** No script and no script file: commands come from stdin. */
  readsStdin: boolean;
}

export function shellInvocation(argv: readonly string[]): ShellInvocation | null {
  if (!SHELLS.has(programName(argv[0] ?? ''))) return null;
  let hasCommandFlag = false;
  let readsStdin = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' || arg === '-') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      if (arg === '--rcfile' || arg === '--init-file') i++;
      continue;
    }
    if (arg.length < 2 || (arg[0] !== '-' && arg[0] !== '+')) break;
    if (isCommandFlagGroup(arg)) hasCommandFlag = true;
    if (arg[0] === '-' && arg.includes('s')) readsStdin = true;
    if (arg.includes('o') || arg.includes('O')) i++;
  }
  const operands = argv.slice(i);
  if (hasCommandFlag) {
    return {
      script: operands[0] ?? null,
      name: operands[1],
      positional: operands.slice(2),
      readsStdin: false,
    };
  }
  if (readsStdin || operands.length === 0) {
    return { script: null, name: argv[0], positional: operands, readsStdin: true };
  }
  return { script: null, name: operands[0], positional: operands.slice(1), readsStdin: false };
}
