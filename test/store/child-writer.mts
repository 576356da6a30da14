/**
 * Run by durability.test.ts through vite-node: records batches into the store at argv[2] and
 * reports each one on stdout as soon as recordBatch resolves, until it is killed.
 */
import { openSqliteStore } from '../../src/store/index.js';
import { alert } from './helpers.js';

const path = process.argv[2];
const perBatch = Number(process.argv[3] ?? 50);
if (!path) throw new Error('usage: child-writer.mts <store path> [alerts per batch]');
const store = openSqliteStore(path);
for (let b = 0; ; b++) {
  const alerts = Array.from({ length: perBatch }, (_, k) => alert(b * perBatch + k));
  await store.recordBatch({ alerts });
  // The parent kills us on reading this line: the batch must already be on disk.
  process.stdout.write(`recorded ${b}\n`);
}
