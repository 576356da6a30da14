export * from './types.js';
export { StoreError, StoreInputError } from './errors.js';
export { SCHEMA_VERSION } from './migrations.js';
export {
  openSqliteStore,
  SqliteAlertStore,
  DEFAULT_MAX_RAW_EVENT_BYTES,
  type SqliteStoreOptions,
} from './sqlite.js';
