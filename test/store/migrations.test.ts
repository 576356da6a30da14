import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { openSqliteStore, SCHEMA_VERSION, StoreError } from '../../src/store/index.js';
import { tempFiles } from '../helpers/temp-files.js';
import { alert, tempStore } from './helpers.js';

function refusal(path: string): StoreError {
  try {
    openSqliteStore(path);
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    expect((e as Error).message).toContain(path);
    return e as StoreError;
  }
  throw new Error('opened');
}

describe('migrations', () => {
  it('creates the schema in an empty file, in WAL mode with incremental auto-vacuum', async () => {
    const path = tempFiles('cw-store-').file('alerts.db', '');
    const store = openSqliteStore(path);
    expect((await store.stats()).schemaVersion).toBe(SCHEMA_VERSION);
    await store.recordBatch({ alerts: [alert(1)] });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    db.close();
    const again = openSqliteStore(path);
    expect((await again.stats()).alerts).toBe(1);
    await again.close();
  });

  it('applies only the pending migrations, in order, and all or nothing', () => {
    const path = join(tempFiles('cw-store-').dir, 'alerts.db');
    const db = new Database(path);
    expect(migrate(db, path)).toBe(SCHEMA_VERSION);
    const next = SCHEMA_VERSION + 1;
    const extended = [
      ...MIGRATIONS,
      { version: next, sql: 'ALTER TABLE alerts ADD COLUMN note TEXT' },
    ];
    expect(migrate(db, path, extended)).toBe(next);
    expect(migrate(db, path, extended)).toBe(next); // Nothing left to apply: no duplicate column.
    const broken = [
      ...extended,
      { version: next + 1, sql: 'CREATE TABLE x (a); SELECT nope FROM x' },
    ];
    expect(() => migrate(db, path, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(next);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'x'`).get()).toEqual({
      n: 0,
    });
    db.close();
  });

  it('refuses a database written by a newer cronwarden, without touching it', async () => {
    const { path, store } = tempStore();
    await store.close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const e = refusal(path);
    expect(e.code).toBe('CW_SCHEMA_TOO_NEW');
    expect(e.message).toMatch(/newer than this cronwarden knows.*upgrade cronwarden/);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    after.close();
  });

  it('refuses a file that is not SQLite, naming the path and what to do', () => {
    const path = tempFiles('cw-store-').file('alerts.db', 'alerts go here\n');
    const e = refusal(path);
    expect(e.code).toBe('SQLITE_NOTADB');
    expect(e.message).toMatch(/not an SQLite database.*move the file aside/);
  });

  it('refuses a corrupt SQLite file with a clear error', () => {
    const path = tempFiles('cw-store-').file('alerts.db', '');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(8192, 0x5a)]),
    );
    const e = refusal(path);
    expect(e.code).toMatch(/^SQLITE_(NOTADB|CORRUPT)/);
    expect(e.message).toMatch(/move it aside|another path/);
  });

  it("refuses another program's SQLite database", () => {
    const path = join(tempFiles('cw-store-').dir, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE customers (name TEXT)');
    db.close();
    expect(refusal(path).code).toBe('CW_FOREIGN_DB');
  });
});
