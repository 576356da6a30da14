import type { FileCheckpoint } from './checkpoint.js';
import { FINGERPRINT_BYTES, fingerprintOf, identityKey, openRead, sameStart } from './identity.js';
import type { LinePoint } from './ledger.js';
import type { LineItems } from './line-items.js';
import { endPoint, TrackedFile } from './tracked-file.js';
import type { FollowFrom } from './types.js';

export const GZIP_REASON =
  'gzip-compressed: not followed (a compressed file cannot be tailed; read it with `cronwarden scan`)';

export type Opening =
  | { kind: 'file'; file: TrackedFile; problem?: string }
  /** Compressed: a gzip stream cannot be read from the middle, so it is not followed. */
  | { kind: 'gzip'; key: string }
  /** Gone or replaced by something that is not a regular file since it was listed. */
  | { kind: 'gone' };

/**
 * Opens a file to follow and decides where reading begins: at its checkpoint when the
 * checkpoint is of this very file (same device, inode and first bytes) and the file is not
 * shorter; otherwise at its start, or at its end when `unknownFrom` says so and nothing was
 * checkpointed for it. The identity is taken from the opened descriptor, so a rename between
 * listing and opening cannot pair one file's checkpoint with another.
 */
export async function openFile(
  path: string,
  checkpoints: ReadonlyMap<string, FileCheckpoint>,
  unknownFrom: FollowFrom,
  maxLineBytes: number,
  decoder: LineItems,
): Promise<Opening> {
  const fh = await openRead(path);
  if (!fh) return { kind: 'gone' };
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) {
      await fh.close();
      return { kind: 'gone' };
    }
    const key = identityKey(st);
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    if (head[0] === 0x1f && head[1] === 0x8b) {
      await fh.close();
      return { kind: 'gzip', key };
    }
    const fingerprint = await fingerprintOf(fh, FINGERPRINT_BYTES);
    const entry = checkpoints.get(key);
    let start: LinePoint = { offset: 0, line: 0 };
    let problem: string | undefined;
    if (entry) {
      const size = Number(st.size);
      const checkpointed = { bytes: entry.fingerprintBytes, sha256: entry.fingerprint };
      const unread = `lines written to it after line ${entry.line} were not read if they were written before`;
      if (size < entry.offset) {
        problem = `truncated to ${size} bytes since the checkpoint at line ${entry.line} (copy-truncate rotation?): reading it from the start; ${unread} the truncation`;
      } else if (!(await sameStart(fh, checkpointed))) {
        problem = `not the file checkpointed with this device and inode (its first bytes differ: rewritten by copy-truncate, or a new file reusing the inode): reading it from the start; if it was rewritten, ${unread} that`;
      } else start = { offset: entry.offset, line: entry.line };
    } else if (unknownFrom === 'end') start = await endPoint(fh);
    const file = new TrackedFile(path, key, fh, fingerprint, start, maxLineBytes, decoder);
    return problem === undefined ? { kind: 'file', file } : { kind: 'file', file, problem };
  } catch (e) {
    await fh.close().catch(() => {});
    throw e;
  }
}
