import Fastify, { type FastifyInstance, type preHandlerAsyncHookHandler } from 'fastify';
import { anyCredential, bearerCheck, clientCertCheck } from './auth.js';
import { errorHandler } from './errors.js';
import { IngestPipeline } from './ingest.js';
import { ServerMetrics } from './metrics.js';
import { apiRoutes } from './routes-api.js';
import { ingestRoutes } from './routes-ingest.js';
import type { ServerDeps, ServerOptions } from './types.js';

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Webhook batches waiting for the engine before new ones are shed with 503 + Retry-After. */
export const DEFAULT_MAX_QUEUED_BATCHES = 8;

export interface Server {
  app: FastifyInstance;
  ingest: IngestPipeline;
  metrics: ServerMetrics;
  /** `/readyz` answers 503 while false; true once built, false from `close()` on. */
  setReady(ready: boolean): void;
  /**
   * Graceful shutdown: `/readyz` goes 503, the listener stops accepting and in-flight requests
   * finish, the engine is flushed and what it raises recorded, the sinks drain (within
   * `shutdownTimeoutMs`) and close, and the store is closed. Safe to call more than once.
   */
  close(): Promise<void>;
}

/**
 * The `cronwarden serve` HTTP server, built but not listening: the caller runs
 * `app.listen({ host, port })`. Routes:
 *
 * - `POST /audit/webhook`: every configured check, the bearer token (`auditToken`) and, with a
 *   client CA, a client cert.
 * - `POST /admission/validate`, `GET /api/alerts`, `GET /api/alerts/:id`: any configured
 *   credential (a client cert from the CA, or the token): an anonymous admission review would
 *   plant alerts, and alerts carry commands, images and user names.
 * - `GET /healthz`, `/readyz`, `/metrics`: open, for probes and scrapers that hold no cert.
 */
export async function buildServer(deps: ServerDeps, options: ServerOptions): Promise<Server> {
  const { tls } = options;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: options.bodyLimitBytes,
    ...(tls
      ? {
          https: {
            cert: tls.cert,
            key: tls.key,
            ...(tls.clientCa
              ? // Asked for, not required at handshake: probes reach /healthz without a cert.
                { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false }
              : {}),
          },
        }
      : {}),
  }) as unknown as FastifyInstance;

  // Bodies are parsed by the routes, which report JSON errors with their position.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.setErrorHandler(errorHandler);

  const metrics = new ServerMetrics(deps.sinks);
  const ingest = new IngestPipeline(deps, metrics);
  await ingest.restore();
  const cert: preHandlerAsyncHookHandler[] = tls?.clientCa ? [clientCertCheck] : [];
  const token: preHandlerAsyncHookHandler[] = options.auditToken
    ? [bearerCheck(options.auditToken)]
    : [];
  const credential = [
    anyCredential({
      clientCa: Boolean(tls?.clientCa),
      ...(options.auditToken ? { token: options.auditToken } : {}),
    }),
  ];
  ingestRoutes(app, deps, ingest, metrics, {
    webhook: [...cert, ...token],
    admission: credential,
    maxQueuedBatches: options.maxQueuedBatches ?? DEFAULT_MAX_QUEUED_BATCHES,
  });
  apiRoutes(app, deps.store, credential);

  let ready = true;
  let closing: Promise<void> | null = null;
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Not ready while the store refuses writes either: a load balancer should route elsewhere.
  app.get('/readyz', async (_request, reply) =>
    ready && !ingest.storeFailing
      ? { status: 'ready' }
      : reply
          .code(503)
          .send({ status: closing ? 'shutting down' : ready ? 'store unavailable' : 'not ready' }),
  );
  app.get('/metrics', async (_request, reply) =>
    reply
      .header('content-type', metrics.registry.contentType)
      .send(await metrics.registry.metrics()),
  );

  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const close = () =>
    (closing ??= (async () => {
      ready = false;
      deps.logger.info('shutting down: draining in-flight requests');
      await app.close();
      await ingest.drain();
      await deps.sinks.close(timeoutMs);
      await deps.store.close();
      deps.logger.info('shut down');
    })());
  await app.ready();
  return { app, ingest, metrics, close, setReady: (value) => (ready = value && !closing) };
}
