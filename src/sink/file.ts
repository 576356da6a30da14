import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, extname, join, basename } from 'node:path';
import type { Alert } from '../alert/types.js';
import { formatAlertJson } from './json.js';
import type { DeliveryResult, Transport } from './types.js';

/**
 * `batch`: one fdatasync per delivered batch, before its alerts count as sent (a batch is what
 * was queued when the worker woke, up to `maxBatch`). `none`: leave it to the kernel.
 */
export type FsyncPolicy = 'batch' | 'none';

export interface FileTransportOptions {
  /** The active file, e.g. /var/log/cronwarden/alerts.jsonl; folders are created. */
  path: string;
  /** Rotate before a line would take the active file past this size. */
  maxBytes: number;
  /** Rotated files kept (alerts.1.jsonl … alerts.N.jsonl, 1 newest); older ones are deleted. */
  keep: number;
  fsync: FsyncPolicy;
  maxBatch?: number;
}

/** Rotated file number `n` of `path`: alerts.jsonl → alerts.1.jsonl. */
export function rotatedPath(path: string, n: number): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  return join(dirname(path), `${stem}.${n}${ext}`);
}

/**
 * Rotating JSONL file. Lines are never split across files, and an alert counts as sent only once
 * its line is written (and synced, under `fsync: batch`). Every error becomes a failed attempt
 * that the sink retries; the handle is reopened on the next attempt in case the file was removed.
 */
export function fileTransport(options: FileTransportOptions): Transport {
  let handle: FileHandle | null = null;
  let size = 0;

  const openActive = async (): Promise<FileHandle> => {
    if (handle) return handle;
    await mkdir(dirname(options.path), { recursive: true });
    const h = await open(options.path, 'a+');
    try {
      size = (await h.stat()).size;
      // A line cut short by an earlier failure (disk full) must not swallow the next one.
      if (size > 0) {
        const last = Buffer.alloc(1);
        await h.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) size += (await h.write('\n')).bytesWritten;
      }
    } catch (e) {
      await h.close().catch(() => {});
      throw e;
    }
    handle = h;
    return h;
  };

  const closeActive = async (): Promise<void> => {
    const h = handle;
    handle = null;
    await h?.close();
  };

  const rotate = async (): Promise<void> => {
    const h = await openActive();
    if (options.fsync === 'batch') await h.datasync();
    await closeActive();
    await rm(rotatedPath(options.path, options.keep), { force: true });
    for (let n = options.keep - 1; n >= 1; n--)
      await rename(rotatedPath(options.path, n), rotatedPath(options.path, n + 1)).catch(
        ignoreMissing,
      );
    if (options.keep > 0) await rename(options.path, rotatedPath(options.path, 1));
    else await rm(options.path, { force: true });
    await syncDir(dirname(options.path));
  };

  const writeAll = async (text: string): Promise<void> => {
    const h = await openActive();
    const bytes = Buffer.from(text);
    let off = 0;
    while (off < bytes.length) off += (await h.write(bytes, off)).bytesWritten;
    size += bytes.length;
  };

  return {
    maxBatch: options.maxBatch ?? 100,
    target: options.path,
    async deliver(alerts: readonly Alert[]): Promise<DeliveryResult> {
      let done = 0;
      try {
        await openActive();
        // Lines go out in runs that fit the active file; `done` advances only past written runs.
        let run: string[] = [];
        let runBytes = 0;
        const writeRun = async (): Promise<void> => {
          if (run.length === 0) return;
          await writeAll(run.join(''));
          if (options.fsync === 'batch') await handle!.datasync();
          done += run.length;
          run = [];
          runBytes = 0;
        };
        for (const alert of alerts) {
          const line = formatAlertJson(alert);
          const n = Buffer.byteLength(line);
          if (size + runBytes > 0 && size + runBytes + n > options.maxBytes) {
            await writeRun();
            await rotate();
            await openActive();
          }
          run.push(line);
          runBytes += n;
        }
        await writeRun();
        return { ok: true };
      } catch (e) {
        await closeActive().catch(() => {});
        return { ok: false, done, retryable: true, reason: `file: ${(e as Error).message}` };
      }
    },
    async close(): Promise<void> {
      if (handle && options.fsync === 'batch') await handle.datasync().catch(() => {});
      await closeActive();
    },
  };
}

function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
}

// Makes the renames of a rotation durable; some platforms cannot open a folder, which is fine.
async function syncDir(dir: string): Promise<void> {
  let h: FileHandle | null = null;
  try {
    h = await open(dir, 'r');
    await h.sync();
  } catch {
    // best effort
  } finally {
    await h?.close().catch(() => {});
  }
}
