import type { BigIntStats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { errorText } from '../audit-paths.js';
import { statKey } from './identity.js';

export interface Candidate {
  path: string;
  key: string;
  st: BigIntStats;
}

export interface Discovery {
  files: Candidate[];
  /** Followed paths that cannot be read now, with why (a file may not exist yet). */
  missing: Map<string, string>;
}

/**
 * The files behind the followed paths now: a file path as it is, a directory's regular files
 * whose names `match` (not recursive), oldest first so rotated files are read before the
 * files that replaced them.
 */
export async function discover(
  paths: readonly string[],
  match: (name: string) => boolean,
  exclude: ReadonlySet<string>,
): Promise<Discovery> {
  const files = new Map<string, Candidate>();
  const missing = new Map<string, string>();
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (e) {
      missing.set(path, `cannot read: ${errorText(e)}`);
      continue;
    }
    if (!isDirectory) {
      const found = await statKey(path);
      if (found) files.set(found.key, { path, ...found });
      else missing.set(path, 'not a regular file');
      continue;
    }
    let names: string[];
    try {
      names = await readdir(path);
    } catch (e) {
      missing.set(path, `cannot read directory: ${errorText(e)}`);
      continue;
    }
    for (const name of names.sort()) {
      const full = join(path, name);
      if (!match(name) || exclude.has(resolve(full))) continue;
      const found = await statKey(full);
      if (found && !files.has(found.key)) files.set(found.key, { path: full, ...found });
    }
  }
  return { files: [...files.values()].sort(oldestFirst), missing };
}

function oldestFirst(a: Candidate, b: Candidate): number {
  const byTime = a.st.mtimeNs - b.st.mtimeNs;
  return byTime < 0n ? -1 : byTime > 0n ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Directories whose changes can concern the followed paths: each directory, a file's parent. */
export async function watchTargets(paths: readonly string[]): Promise<string[]> {
  const dirs = new Set<string>();
  for (const path of paths) {
    try {
      dirs.add((await stat(path)).isDirectory() ? path : dirname(path));
    } catch {
      dirs.add(dirname(path));
    }
  }
  return [...dirs];
}
