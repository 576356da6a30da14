import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { AdmissionEvaluator } from '../../src/admission/decide.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';
import { BUILTIN_RULES_DIR } from '../../src/cli/builtin.js';
import { buildAuditEvents, SCENARIOS } from '../../src/emulate/index.js';
import { buildServer, type DetectionSet, type Server } from '../../src/serve/index.js';
import { loadRulePaths } from '../../src/sigma/index.js';
import { createSink, sinkConfigSchema, SinkDispatcher, type Sink } from '../../src/sink/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import type { AlertStore } from '../../src/store/types.js';
import { tempFiles } from '../helpers/temp-files.js';
import type { TestCerts } from './certs.js';

export const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });

export function detectionSet(): DetectionSet {
  return {
    ruleSet,
    exceptions: [],
    matchers: [],
    admission: new AdmissionEvaluator({ ruleSet, mode: 'enforce', denySeverity: 'high' }),
  };
}

/** Every scenario's events, in log order (506 events, 47 alerts, 99 follow-ups). */
export const EVENTS: AuditEvent[] = buildAuditEvents(SCENARIOS);

export function eventList(items: readonly unknown[]) {
  return { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface TestServer extends Server {
  url: string;
  store: AlertStore;
  storePath: string;
  sinkPath: string;
  logs: LogLine[];
  setDetection(set: DetectionSet): void;
}

export interface StartOptions {
  certs?: TestCerts;
  mtls?: boolean;
  auditToken?: string;
  bodyLimitBytes?: number;
  /** Wraps the real store (to inject faults). */
  wrapStore?: (store: AlertStore) => AlertStore;
  storePath?: string;
  /** Sinks besides the file sink every test server has. */
  extraSinks?: Sink[];
  maxQueuedBatches?: number;
}

/** The real server on 127.0.0.1 with a real SQLite store and a file sink, in a temp folder. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const { dir } = tempFiles('cw-serve-');
  const storePath = options.storePath ?? join(dir, 'alerts.db');
  const sinkPath = join(dir, 'alerts.jsonl');
  const logs: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(JSON.parse(chunk.toString('utf8')) as LogLine);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  const real = openSqliteStore(storePath);
  const store = options.wrapStore ? options.wrapStore(real) : real;
  const sink = createSink(sinkConfigSchema.parse({ type: 'file', path: sinkPath }), { logger });
  let set = detectionSet();
  const { certs } = options;
  const server = await buildServer(
    {
      store,
      sinks: new SinkDispatcher([sink, ...(options.extraSinks ?? [])]),
      detection: () => set,
      logger,
    },
    {
      bodyLimitBytes: options.bodyLimitBytes ?? 4 * 1024 * 1024,
      ...(options.maxQueuedBatches ? { maxQueuedBatches: options.maxQueuedBatches } : {}),
      ...(options.auditToken ? { auditToken: options.auditToken } : {}),
      ...(certs
        ? {
            tls: {
              cert: certs.serverCert,
              key: certs.serverKey,
              ...(options.mtls ? { clientCa: certs.ca } : {}),
            },
          }
        : {}),
    },
  );
  const address = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...server,
    url: address,
    store,
    storePath,
    sinkPath,
    logs,
    setDetection: (s) => (set = s),
  };
}

/** Every stored alert (the API pages at most 1000). */
export async function allAlerts(store: AlertStore) {
  return (await store.listAlerts({ limit: 1000 })).alerts;
}
