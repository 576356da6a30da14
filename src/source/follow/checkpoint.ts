import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { errorText } from '../audit-paths.js';

/** Where reading of one file stands: everything before `offset` has been acknowledged. */
export interface FileCheckpoint {
  /** Last name seen; a rotated file is looked up by identity in this directory. */
  path: string;
  /** Decimal strings: inode numbers can exceed 2^53. */
  dev: string;
  ino: string;
  fingerprintBytes: number;
  /** sha256 hex of the first `fingerprintBytes` bytes. */
  fingerprint: string;
  /** Byte offset just after the last acknowledged line (its LF included). */
  offset: number;
  /** Lines before `offset`, so line numbers go on where they stopped. */
  line: number;
}

const CHECKPOINT = z.object({
  version: z.literal(1),
  files: z.array(
    z.object({
      path: z.string(),
      dev: z.string().regex(/^\d+$/),
      ino: z.string().regex(/^\d+$/),
      fingerprintBytes: z.number().int().nonnegative(),
      fingerprint: z.string(),
      offset: z.number().int().nonnegative(),
      line: z.number().int().nonnegative(),
    }),
  ),
});

export type LoadedCheckpoint =
  | { kind: 'none' }
  | { kind: 'loaded'; files: FileCheckpoint[] }
  | { kind: 'unreadable'; reason: string };

export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', reason: `cannot read checkpoint: ${errorText(e)}` };
  }
  try {
    const parsed = CHECKPOINT.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'loaded', files: parsed.data.files };
    const issue = parsed.error.issues[0];
    return {
      kind: 'unreadable',
      reason: `checkpoint is not a cronwarden follow checkpoint (${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
    };
  } catch (e) {
    return { kind: 'unreadable', reason: `checkpoint is not JSON: ${errorText(e)}` };
  }
}

/**
 * Writes the checkpoint so that a crash at any moment leaves either the old or the new one:
 * a dot-named temp file beside it (same filesystem, and skipped by directory following),
 * fsync, then rename over the old one.
 */
export async function saveCheckpoint(path: string, files: FileCheckpoint[]): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const text = `${JSON.stringify({ version: 1, files }, null, 2)}\n`;
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(temp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/**
 * Writes checkpoints one at a time, skipping unchanged ones; a failed write is reported and
 * retried at the next save (the previous checkpoint stays: restarts repeat, never lose).
 */
export class CheckpointWriter {
  #saving: Promise<void> = Promise.resolve();
  #saved = '';

  constructor(
    readonly path: string,
    private readonly onError: (reason: string) => void,
  ) {}

  /** `snapshot` is taken when this write's turn comes, so it is never older than the last. */
  save(snapshot: () => FileCheckpoint[]): Promise<void> {
    this.#saving = this.#saving.then(async () => {
      const files = snapshot();
      const text = JSON.stringify(files);
      if (text === this.#saved) return;
      try {
        await saveCheckpoint(this.path, files);
        this.#saved = text;
      } catch (e) {
        this.onError(`cannot write checkpoint: ${errorText(e)}`);
      }
    });
    return this.#saving;
  }
}
