import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export type AuditInput =
  | { kind: 'file'; path: string }
  | { kind: 'stdin' }
  | { kind: 'unreadable'; path: string; reason: string };

const LOG_EXTENSIONS = new Set(['', '.json', '.jsonl', '.ndjson', '.log', '.txt']);

/**
 * Whether a file found in a directory is read. Audit logs are JSON text under many names:
 * `.json`, `.jsonl`, `.ndjson`, `.log`, `.txt` or none (Azure's `PT1H.json`, kube-apiserver's
 * `audit.log`), rotated copies (`audit.log.1`, `audit-2024-05-01T10-00-00.000.log`) and any of
 * those gzipped. Other files in a directory (READMEs, YAML, archives) are left alone; a file
 * named on the command line is read whatever its name.
 */
export function isAuditLogName(name: string): boolean {
  let base = name.toLowerCase();
  if (base.endsWith('.gz')) base = base.slice(0, -3);
  base = base.replace(/(?:\.\d+)+$/, '');
  return LOG_EXTENSIONS.has(extname(base));
}

/**
 * The files behind the paths given, in order: `-` is standard input, a directory is walked
 * recursively in sorted order (so runs are repeatable) skipping dot-files and dot-directories.
 */
export async function* auditInputs(paths: readonly string[]): AsyncGenerator<AuditInput> {
  for (const path of paths) {
    if (path === '-') {
      yield { kind: 'stdin' };
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (e) {
      yield { kind: 'unreadable', path, reason: `cannot read: ${errorText(e)}` };
      continue;
    }
    if (!isDirectory) {
      yield { kind: 'file', path };
      continue;
    }
    let found = 0;
    for await (const input of walk(path, new Set())) {
      if (input.kind === 'file') found++;
      yield input;
    }
    if (found === 0) {
      yield {
        kind: 'unreadable',
        path,
        reason:
          'directory holds no audit log files (*.json, *.jsonl, *.ndjson, *.log, *.txt, no extension, or those .gz)',
      };
    }
  }
}

async function* walk(dir: string, seen: Set<string>): AsyncGenerator<AuditInput> {
  let entries: Dirent[];
  try {
    // A symlink loop would otherwise walk forever.
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    yield { kind: 'unreadable', path: dir, reason: `cannot read directory: ${errorText(e)}` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (e) {
        yield { kind: 'unreadable', path, reason: `cannot read: ${errorText(e)}` };
        continue;
      }
    }
    if (isDirectory) yield* walk(path, seen);
    else if (isFile && isAuditLogName(entry.name)) yield { kind: 'file', path };
  }
}

/** `ENOENT: no such file or directory` without the repeated path Node appends. */
export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err.code === 'string' && typeof err.message === 'string') {
    return err.message.replace(/, \w+ '.*'$/, '');
  }
  return e instanceof Error ? e.message : String(e);
}
