import { describe, expect, it } from 'vitest';
import { openSqliteStore, StoreError } from '../../src/store/index.js';
import { alert, tempStore } from './helpers.js';

const big = (n: number) => ({ ...alert(n), summary: 'x'.repeat(4000) });

async function rejection(p: Promise<unknown>): Promise<StoreError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StoreError);
  return e as StoreError;
}

describe('store errors', () => {
  it('rejects a batch with the path when the disk is full, keeping earlier batches whole', async () => {
    const { store, path } = tempStore({ hardLimitBytes: 256 * 1024 });
    let n = 0;
    let failure: StoreError | null = null;
    while (!failure && n < 10_000) {
      const batch = { alerts: Array.from({ length: 10 }, () => big(n++)) };
      failure = await store.recordBatch(batch).then(
        () => null,
        (e: unknown) => e as StoreError,
      );
    }
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure!.code).toBe('SQLITE_FULL');
    expect(failure!.path).toBe(path);
    expect(failure!.message).toContain(path);
    // The failed batch left nothing behind; everything before it is there.
    expect((await store.stats()).alerts).toBe(n - 10);
    // Retention frees room, and writing works again.
    await store.applyRetention({ maxBytes: 128 * 1024 });
    await expect(store.recordBatch({ alerts: [big(n)] })).resolves.toMatchObject({ inserted: 1 });
    await store.close();
  });

  it('rejects writes to a store opened read-only, naming the path', async () => {
    const { store, path } = tempStore();
    const reader = openSqliteStore(path, { readonly: true });
    const e = await rejection(reader.recordBatch({ alerts: [alert(1)] }));
    expect(e.code).toBe('SQLITE_READONLY');
    expect(e.message).toContain(path);
    await expect(reader.applyRetention({ maxAgeDays: 1 })).rejects.toThrow(/read-only/);
    await reader.close();
    await store.close();
  });

  it('names the path when the folder does not exist', () => {
    const path = '/nonexistent-cronwarden-dir/alerts.db';
    expect(() => openSqliteStore(path)).toThrow(StoreError);
    expect(() => openSqliteStore(path)).toThrow(path);
  });

  it('rejects calls after close instead of crashing', async () => {
    const { store } = tempStore();
    await store.close();
    await store.close();
    await rejection(store.listAlerts());
  });
});
