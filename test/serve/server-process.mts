/**
 * Run by crash.test.ts through vite-node: serves the audit webhook over plain HTTP on 127.0.0.1
 * with the store at argv[2], prints `PORT <n>` once listening, and shuts down on SIGTERM.
 */
import { pino } from 'pino';
import { buildServer } from '../../src/serve/index.js';
import { SinkDispatcher } from '../../src/sink/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { detectionSet } from './helpers.js';

const path = process.argv[2];
if (!path) throw new Error('usage: server-process.mts <store path>');
const set = detectionSet();
const server = await buildServer(
  {
    store: openSqliteStore(path),
    sinks: new SinkDispatcher([]),
    detection: () => set,
    logger: pino({ level: 'warn' }, process.stderr),
  },
  { bodyLimitBytes: 8 * 1024 * 1024 },
);
await server.app.listen({ host: '127.0.0.1', port: 0 });
const address = server.app.server.address();
if (address === null || typeof address === 'string') throw new Error('no port');
process.stdout.write(`PORT ${address.port}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
