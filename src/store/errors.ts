/**
 * A store failure the server answers with 5xx (disk full, read-only file, corrupt database…):
 * always names the database path, and keeps SQLite's code (`SQLITE_FULL`) when there is one.
 */
export class StoreError extends Error {
  readonly path: string;
  readonly code: string | null;

  constructor(path: string, message: string, options: { code?: string | null; cause?: unknown }) {
    super(`alert store ${path}: ${message}`, { cause: options.cause });
    this.name = 'StoreError';
    this.path = path;
    this.code = options.code ?? null;
  }
}

/** The caller asked for something invalid (bad filter, unknown status): the server answers 400. */
export class StoreInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}

const HINTS: Record<string, string> = {
  SQLITE_FULL: 'the disk (or the configured size limit) is full: free space or lower retention',
  SQLITE_READONLY: 'the database is read-only: check the file and folder permissions',
  SQLITE_CANTOPEN: 'cannot open the file: check that its folder exists and is writable',
  SQLITE_BUSY: 'another process holds the database lock for too long',
  SQLITE_IOERR: 'an I/O error occurred: check the disk',
  SQLITE_CORRUPT:
    'the database file is corrupt: move it aside (keep it for recovery) and start with a new path',
  SQLITE_NOTADB:
    'the file is not an SQLite database: move it aside or point the store at another path',
};

/** Wraps a driver error so the caller sees the path and what to do; StoreErrors pass through. */
export function storeError(path: string, e: unknown): Error {
  if (e instanceof StoreError || e instanceof StoreInputError) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : null;
  const base = code ? code.replace(/^(SQLITE_[A-Z]+).*$/, '$1') : null;
  const hint = base ? HINTS[base] : undefined;
  const text = typeof err.message === 'string' ? err.message : String(e);
  return new StoreError(path, hint ? `${text} (${code}): ${hint}` : text, { code, cause: e });
}
