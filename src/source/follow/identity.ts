import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes hashed to tell a file from a later one that got the same inode. A native audit line
 * repeats the same ~70 bytes before its auditID, so fewer would not tell two logs apart.
 */
export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  /** How many first bytes were hashed: fewer than FINGERPRINT_BYTES while the file is small. */
  bytes: number;
  sha256: string;
}

/** `dev:ino`, as decimal strings because inode numbers can exceed 2^53. */
export function identityKey(st: BigIntStats): string {
  return `${st.dev}:${st.ino}`;
}

export async function statKey(path: string): Promise<{ key: string; st: BigIntStats } | null> {
  try {
    const st = await stat(path, { bigint: true });
    return st.isFile() ? { key: identityKey(st), st } : null;
  } catch {
    return null;
  }
}

export async function fingerprintOf(fh: FileHandle, bytes: number): Promise<Fingerprint> {
  const buffer = Buffer.alloc(bytes);
  let got = 0;
  while (got < bytes) {
    const { bytesRead } = await fh.read(buffer, got, bytes - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  const sha256 = createHash('sha256').update(buffer.subarray(0, got)).digest('hex');
  return { bytes: got, sha256 };
}

/** Whether the file still begins with the bytes fingerprinted (false if it is now shorter). */
export async function sameStart(fh: FileHandle, fp: Fingerprint): Promise<boolean> {
  if (fp.bytes === 0) return true;
  const now = await fingerprintOf(fh, fp.bytes);
  return now.bytes === fp.bytes && now.sha256 === fp.sha256;
}

/** A file of `dir` with identity `key`: where a rotated file went when it was renamed. */
export async function findByKey(dir: string, key: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  for (const name of names) {
    const found = await statKey(join(dir, name));
    if (found?.key === key) return join(dir, name);
  }
  return null;
}

export async function openRead(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, 'r');
  } catch {
    return null;
  }
}
