import { programName } from './programs.js';

/**
 * Code passed inline to programs other than shells: interpreter one-liners (the payload of most
 * non-bash reverse shells), commands run by `su -c`, `script -c`, `nc -e`, `socat exec:`.
 */

interface InterpreterSpec {
  /** Option letters whose value (rest of the group or next argument) is code. */
  code: string;
  /** Option letters whose value is the rest of the group or the next argument. */
  value: string;
  /** Option letters whose value can only be the rest of the group. */
  attached: string;
  /** Option letters followed by optional digits, then more letters (`perl -l0e`). */
  digits?: string;
  /** Option letters after which no inline code follows (`python -m module`, `php -f file`). */
  stop: string;
  longCode?: readonly string[];
}

const PYTHON: InterpreterSpec = { code: 'c', value: 'WX', attached: '', stop: 'm' };
const INTERPRETERS = new Map<string, InterpreterSpec>([
  ['python', PYTHON],
  ['pypy', PYTHON],
  ['perl', { code: 'eE', value: '', attached: 'MmIxidDV', digits: 'l0C', stop: '' }],
  ['ruby', { code: 'e', value: 'rIC', attached: 'x0iFKTWE', stop: '' }],
  ['php', { code: 'rRBE', value: 'cdzt', attached: '', stop: 'f' }],
  ['node', { code: 'ep', value: 'r', attached: '', stop: '', longCode: ['--eval', '--print'] }],
  ['nodejs', { code: 'ep', value: 'r', attached: '', stop: '', longCode: ['--eval', '--print'] }],
  ['lua', { code: 'e', value: 'l', attached: '', stop: '' }],
  ['luajit', { code: 'e', value: 'l', attached: '', stop: '' }],
]);
const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk']);

/** `python3.11` → `python`, `php8` → `php`. */
function withoutVersion(name: string): string {
  let end = name.length;
  while (end > 0 && ((name[end - 1]! >= '0' && name[end - 1]! <= '9') || name[end - 1] === '.'))
    end--;
  return end > 0 ? name.slice(0, end) : name;
}

export interface InlineCode {
  code: string[];
  /** No code and no script file: the program reads its code from stdin. */
  readsStdin: boolean;
}

export function interpreterCode(argv: readonly string[]): InlineCode | null {
  const name = withoutVersion(programName(argv[0] ?? ''));
  if (AWKS.has(name)) return awkProgram(argv);
  const spec = INTERPRETERS.get(name);
  if (spec === undefined) return null;
  const code: string[] = [];
  let i = 1;
  scan: for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' || arg === '-') break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const option = eq < 0 ? arg : arg.slice(0, eq);
      if (spec.longCode?.includes(option)) {
        const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
        if (value !== undefined) code.push(value);
      }
      continue;
    }
    if (arg.length < 2 || arg[0] !== '-') break;
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      const rest = arg.slice(j + 1);
      if (spec.stop.includes(letter)) return { code, readsStdin: false };
      if (spec.code.includes(letter)) {
        const value = rest !== '' ? rest : argv[++i];
        if (value !== undefined) code.push(value);
        continue scan;
      }
      if (spec.value.includes(letter)) {
        if (rest === '') i++;
        continue scan;
      }
      if (spec.attached.includes(letter)) continue scan;
      if (spec.digits?.includes(letter)) {
        while (j + 1 < arg.length && arg[j + 1]! >= '0' && arg[j + 1]! <= '9') j++;
      }
    }
  }
  return { code, readsStdin: code.length === 0 && i >= argv.length };
}

/** awk's program is its first operand unless `-f progfile` supplies it. */
function awkProgram(argv: readonly string[]): InlineCode {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return { code: argv.slice(i + 1, i + 2), readsStdin: false };
    if (arg === '-f' || arg.startsWith('-f')) return { code: [], readsStdin: false };
    if (arg === '-F' || arg === '-v') i++;
    else if (!arg.startsWith('-') || arg === '-') return { code: [arg], readsStdin: false };
  }
  return { code: [], readsStdin: false };
}

const COMMAND_OPTION_PROGRAMS = new Set(['su', 'runuser', 'script', 'flock']);

/** The command string given to `su -c`, `runuser -c`, `script -qc`, `flock -c`. */
export function commandOption(argv: readonly string[]): string | null {
  const name = programName(argv[0] ?? '');
  if (!COMMAND_OPTION_PROGRAMS.has(name)) return null;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--command=')) return arg.slice('--command='.length);
    if (arg === '--command' || arg === '--session-command') return argv[i + 1] ?? null;
    const group = arg.length > 1 && arg[0] === '-' && arg[1] !== '-';
    if (group && (arg === '-c' || (name === 'script' && arg.endsWith('c'))))
      return argv[i + 1] ?? null;
  }
  return null;
}

const NETCATS = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd']);

/** Commands a network tool runs for its peer: `nc -e /bin/sh`, `ncat --sh-exec`, `socat exec:`. */
export function networkExecCommands(argv: readonly string[]): string[] {
  const name = programName(argv[0] ?? '');
  const out: string[] = [];
  if (NETCATS.has(name)) {
    for (let i = 1; i < argv.length; i++) {
      const arg = argv[i]!;
      const takesNext = ['-e', '-c', '--exec', '--sh-exec', '--lua-exec'].includes(arg);
      if (takesNext && argv[i + 1] !== undefined) out.push(argv[++i]!);
      else if (arg.startsWith('-e') && arg.length > 2) out.push(arg.slice(2));
      else if (arg.startsWith('--exec=') || arg.startsWith('--sh-exec=')) {
        out.push(arg.slice(arg.indexOf('=') + 1));
      }
    }
  } else if (name === 'socat') {
    for (const arg of argv.slice(1)) {
      const lower = arg.slice(0, 7).toLowerCase();
      const prefix = lower.startsWith('exec:') ? 5 : lower.startsWith('system:') ? 7 : 0;
      if (prefix === 0) continue;
      const comma = arg.indexOf(',', prefix);
      out.push(arg.slice(prefix, comma < 0 ? arg.length : comma));
    }
  }
  return out;
}
