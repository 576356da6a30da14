import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs shell text with `kubectl` (and `curl`) replaced by a function that records its argv:
 * what bash hands kubectl is what the quoting produced. `create … -o name` prints a name, as
 * kubectl does for generated names.
 */
const STUB = String.raw`
kubectl() {
  for a in "$@"; do printf '%s\037' "$a" >> "$CALLS"; done; printf '\036' >> "$CALLS"
  case " $* " in *" create "*" -o name "*) echo pod/stub-generated ;; esac
}
curl() { kubectl CURL "$@"; }
`;

export interface ShellRun {
  status: number | null;
  calls: string[][];
  stderr: string;
}

const workdirs: string[] = [];

export function newWorkdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cronwarden-kubectl-'));
  workdirs.push(dir);
  return dir;
}

export function removeWorkdirs(): void {
  for (const dir of workdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `text` in `dir`, as a script file run with `args`, or (`inline`) as one command line. */
export function runStubbed(
  dir: string,
  text: string,
  opts: { args?: string[]; env?: Record<string, string>; inline?: boolean } = {},
): ShellRun {
  const calls = join(dir, `calls-${Math.random().toString(36).slice(2)}`);
  writeFileSync(calls, '');
  let program: string;
  if (opts.inline) program = `${STUB}\n${text}\n`;
  else {
    writeFileSync(join(dir, 'plan.sh'), text);
    program = `${STUB}\nexport -f kubectl curl\nbash plan.sh ${(opts.args ?? []).join(' ')}`;
  }
  const result = spawnSync('bash', ['-c', program], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, CALLS: calls, ...opts.env },
    encoding: 'utf8',
  });
  const recorded = readFileSync(calls, 'utf8');
  return {
    status: result.status,
    stderr: result.stderr,
    calls: recorded
      .split('\x1e')
      .filter((c) => c.length > 0)
      .map((c) => c.split('\x1f').slice(0, -1)),
  };
}

/** `bash -n`: does the text parse as a script? */
export function bashSyntaxErrors(text: string): string {
  try {
    execFileSync('bash', ['-n'], { input: text, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
}
