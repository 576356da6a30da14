import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { alert, tempStore } from './helpers.js';

const batch = (from: number) => ({ alerts: Array.from({ length: 10 }, (_, k) => alert(from + k)) });

describe('concurrent connections (WAL)', () => {
  it('lets a reader see committed batches while a writer holds its lock, and the writer go on under a reader', async () => {
    const { store: writer, path } = tempStore();
    const reader = openSqliteStore(path, { readonly: true });
    await writer.recordBatch(batch(0));
    expect((await reader.stats()).alerts).toBe(10);

    // Another connection in the middle of a write: the reader neither waits nor sees it.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE; DELETE FROM alerts;');
    expect((await reader.listAlerts({ limit: 1000 })).alerts).toHaveLength(10);
    other.exec('ROLLBACK');

    // A long read in progress does not hold the writer up, and keeps its own snapshot.
    other.exec('BEGIN');
    const count = other.prepare('SELECT count(*) AS n FROM alerts').pluck();
    expect(count.get()).toBe(10);
    await writer.recordBatch(batch(10));
    await writer.recordBatch(batch(20));
    expect(count.get()).toBe(10);
    expect((await reader.stats()).alerts).toBe(30);
    other.exec('COMMIT');
    expect(count.get()).toBe(30);
    other.close();

    expect((await reader.getAlert(alert(25).id))?.id).toBe(alert(25).id);
    await reader.close();
    await writer.close();
  });
});
