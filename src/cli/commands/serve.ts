import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import pino from 'pino';
import { ConfigError } from '../../config/load.js';
import { buildServer } from '../../serve/app.js';
import { resolveServeSettings, type ServeFlags, type ServeSettings } from '../../serve/config.js';
import { loadDetectionSet } from '../../serve/detection-set.js';
import { followInto } from '../../serve/follow.js';
import type { DetectionSet } from '../../serve/types.js';
import { createSinks, SinkDispatcher, SinkSetupError } from '../../sink/index.js';
import { openSqliteStore } from '../../store/index.js';

/** Settings a reload cannot apply to a running server (its socket, store, sinks, followers). */
const RESTART_ONLY = [
  'host',
  'port',
  'tls',
  'store',
  'auditToken',
  'bodyLimitBytes',
  'follow',
] as const;

/**
 * `cronwarden serve`: the long-running service (docs/serve.md). Runs until SIGTERM or SIGINT,
 * then drains. Exit codes: 0 after a clean shutdown, 2 when it cannot start.
 */
export async function serveCommand(flags: ServeFlags): Promise<number> {
  // Logs go to stderr: stdout may carry a stdout sink's alerts.
  const logger = pino({ name: 'cronwarden' }, pino.destination(2));
  // Until the server runs, a SIGHUP (a config-management tool reloading early) must not kill it.
  let onHangup = (): void => logger.info('SIGHUP before start: nothing to reload yet');
  process.on('SIGHUP', () => onHangup());
  let settings: ServeSettings;
  try {
    settings = resolveServeSettings(flags);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const first = loadDetectionSet(settings);
  for (const m of first.messages) logger.warn(m);
  if (!first.set) {
    logger.error('cannot start: the rules, queries or exceptions above failed to load');
    return 2;
  }
  let detection: DetectionSet = first.set;
  logger.info({ rules: first.rules, queries: first.queries }, 'detection loaded');

  let store;
  let sinks;
  let tls;
  try {
    store = openSqliteStore(settings.store);
    sinks = new SinkDispatcher(createSinks(settings.config.sinks, { logger }));
    tls = settings.tls ? readTls(settings.tls) : undefined;
  } catch (e) {
    if (!(e instanceof SinkSetupError) && !(e instanceof Error)) throw e;
    logger.error({ err: e }, `cannot start: ${(e as Error).message}`);
    return 2;
  }
  const server = await buildServer(
    { store, sinks, detection: () => detection, logger },
    {
      ...(tls ? { tls } : {}),
      ...(settings.auditToken ? { auditToken: settings.auditToken } : {}),
      bodyLimitBytes: settings.bodyLimitBytes,
      ...(settings.config.maxQueuedBatches
        ? { maxQueuedBatches: settings.config.maxQueuedBatches }
        : {}),
    },
  );
  try {
    await server.app.listen({ host: settings.host, port: settings.port });
  } catch (e) {
    logger.error({ err: e }, `cannot listen on ${settings.host}:${settings.port}`);
    await server.close();
    return 2;
  }
  const address = server.app.server.address();
  logger.info(
    { address, tls: Boolean(tls), store: settings.store, follow: settings.follow },
    'cronwarden serve listening',
  );
  if (!tls)
    logger.warn(
      `serving plain HTTP on ${settings.host}:${settings.port}: the API server's webhooks need HTTPS (--tls-cert, --tls-key)`,
    );

  const reload = (why: string): void => {
    let next: ServeSettings;
    try {
      next = resolveServeSettings(flags);
    } catch (e) {
      logger.error(`reload (${why}) refused, keeping the current rules: ${(e as Error).message}`);
      return;
    }
    const loaded = loadDetectionSet(next);
    for (const m of loaded.messages) logger.warn(m);
    if (!loaded.set) {
      logger.error(`reload (${why}) refused, keeping the current rules: see the errors above`);
      return;
    }
    detection = loaded.set;
    const stale = RESTART_ONLY.filter(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(settings[key]),
    );
    const sinksChanged =
      JSON.stringify(next.config.sinks) !== JSON.stringify(settings.config.sinks) ||
      JSON.stringify(next.config.retention) !== JSON.stringify(settings.config.retention);
    if (stale.length > 0 || sinksChanged)
      logger.warn(
        { settings: [...stale, ...(sinksChanged ? ['sinks/retention'] : [])] },
        'these settings changed but take effect only after a restart; rules, queries, exceptions and admission mode were reloaded',
      );
    logger.info({ rules: loaded.rules, queries: loaded.queries }, `reloaded (${why})`);
  };
  onHangup = () => reload('SIGHUP');
  const watchers = watchForReload(
    [...settings.rules, ...settings.eql, ...(flags.config ? [flags.config] : [])],
    reload,
    logger,
  );

  const follower = settings.follow.length
    ? followInto(server.ingest, settings.follow, {
        checkpoint: settings.followCheckpoint,
        from: settings.followFrom,
        logger,
      })
    : null;
  const retention = settings.config.retention;
  const retentionTimer = retention
    ? setInterval(() => {
        store
          .applyRetention(retention)
          .then((r) => (r.alerts > 0 ? logger.info(r, 'retention applied') : undefined))
          .catch((e: unknown) => logger.error({ err: e }, 'retention failed'));
      }, retention.everyMinutes * 60_000).unref()
    : null;

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info(`${signal}: draining`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  if (retentionTimer) clearInterval(retentionTimer);
  for (const w of watchers) w.close();
  await follower?.close();
  // Drains in-flight batches, records what the engine still holds, then closes sinks and store.
  await server.close();
  logger.info('stopped');
  return 0;
}

function readTls(tls: NonNullable<ServeSettings['tls']>): {
  cert: string;
  key: string;
  clientCa?: string;
} {
  return {
    cert: readFileSync(tls.cert, 'utf8'),
    key: readFileSync(tls.key, 'utf8'),
    ...(tls.clientCa ? { clientCa: readFileSync(tls.clientCa, 'utf8') } : {}),
  };
}

/** Rule, query and config files changing on disk reload like SIGHUP (debounced). */
function watchForReload(
  paths: string[],
  reload: (why: string) => void,
  logger: pino.Logger,
): FSWatcher[] {
  let timer: NodeJS.Timeout | null = null;
  const schedule = (path: string): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => reload(`${path} changed`), 500);
  };
  const watchers: FSWatcher[] = [];
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) {
        // Rule folders: any file below them, at any depth.
        watchers.push(watch(path, { recursive: true }, () => schedule(path)));
        continue;
      }
      // A file is watched through its folder: editors replace files by rename, and a mounted
      // ConfigMap swaps a `..data` symlink; a watch on the file itself would go deaf after that.
      const name = basename(path);
      watchers.push(
        watch(dirname(path), (_event, changed) => {
          if (changed === null || changed === name || changed === '..data') schedule(path);
        }),
      );
    } catch (e) {
      logger.warn({ err: e }, `cannot watch ${path} for changes: reload with SIGHUP`);
    }
  }
  return watchers;
}
