import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { tempFiles } from '../helpers/temp-files.js';
import { alert } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PER_BATCH = 50;

/** Starts the writer and SIGKILLs it as soon as it reports batch `killAfter` recorded. */
function writeUntilKilled(path: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(root, 'node_modules/.bin/vite-node'),
      [join(root, 'test/store/child-writer.mts'), path, String(PER_BATCH)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let confirmed = -1;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const m of out.matchAll(/recorded (\d+)\n/g))
        confirmed = Math.max(confirmed, Number(m[1]));
      if (confirmed >= killAfter && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(confirmed);
      else reject(new Error(`writer exited on its own (${_code}): ${err}`));
    });
  });
}

describe('durability', () => {
  it('keeps every batch whose recordBatch resolved when the process is killed right after', async () => {
    const path = join(tempFiles('cw-store-').dir, 'alerts.db');
    const confirmed = await writeUntilKilled(path, 3);
    const store = openSqliteStore(path);
    const { alerts } = await store.stats();
    // Every confirmed batch is there; a batch in flight at the kill is there whole or not at all.
    expect(alerts).toBeGreaterThanOrEqual((confirmed + 1) * PER_BATCH);
    expect(alerts % PER_BATCH).toBe(0);
    for (let n = 0; n < (confirmed + 1) * PER_BATCH; n++)
      expect(await store.getAlert(alert(n).id), `alert ${n}`).not.toBeNull();
    await store.close();
  });
});
