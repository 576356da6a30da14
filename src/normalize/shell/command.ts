import type { Scope } from './scope.js';
import { isDigit } from './scan.js';
import type { ExpansionHost } from './word-reader.js';

/** One simple command as the parser reports it, and the callbacks the parser reports to. */
export interface ParsedCommand {
  /** Expanded words, quotes removed, empty fields dropped. */
  argv: string[];
  /** Redirections normalized to `[fd]op target` (`>& /dev/tcp/…`, `0>&1`, `<<< text`). */
  redirects: string[];
  /** Here-string or here-document text fed to the command. */
  stdinText: string | null;
  /** Assignments, words and redirections as rendered in the deobfuscated script. */
  parts: string[];
  /** A loop/case header, case pattern or function name: not a command that runs. */
  skip: boolean;
}

export interface ScriptHost extends ExpansionHost {
  onPipeline(commands: ParsedCommand[], scope: Scope): void;
  /** Output of a substitution holding one pipeline, when it can be computed statically. */
  evaluateSubstitution(commands: ParsedCommand[]): string | null;
}

export function newCommand(): ParsedCommand {
  return { argv: [], redirects: [], stdinText: null, parts: [], skip: false };
}

/** `>&2`, `<&0`, `>&-`, `>&3-`: duplicating or closing a descriptor, written without a space. */
export function isDescriptor(target: string): boolean {
  if (target === '-') return true;
  const digits = target.endsWith('-') ? target.slice(0, -1) : target;
  if (digits === '') return false;
  for (const c of digits) if (!isDigit(c)) return false;
  return true;
}
