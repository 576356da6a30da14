import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { SinkConfig } from './config.js';
import { fileTransport } from './file.js';
import { QueuedSink, type SinkRuntime } from './queued-sink.js';
import { slackTransport } from './slack.js';
import { stdoutTransport } from './stdout.js';
import type { Sink, Transport } from './types.js';
import { webhookTransport } from './webhook.js';

/** A sink that cannot start: a secret or TLS file missing. Raised at startup, never later. */
export class SinkSetupError extends Error {
  constructor(
    readonly sink: string,
    message: string,
  ) {
    super(`sink "${sink}": ${message}`);
    this.name = 'SinkSetupError';
  }
}

export interface CreateSinkOptions extends SinkRuntime {
  /** Where secretEnv and urlEnv are looked up; process.env by default. */
  env?: Record<string, string | undefined>;
  /** The stdout sink's stream; process.stdout by default. */
  stdout?: Writable;
}

/** Builds a sink from its validated config (`sinkConfigSchema`), resolving secrets and TLS files. */
export function createSink(config: SinkConfig, options: CreateSinkOptions): Sink {
  const name = config.name ?? config.type;
  const transport = setup(name, () => makeTransport(config, name, options));
  return new QueuedSink(
    transport,
    {
      name,
      type: config.type,
      queue: config.queue,
      retry: config.retry,
      minSeverity: config.minSeverity,
      closeTimeoutMs: config.closeTimeoutMs,
    },
    options,
  );
}

export function createSinks(configs: readonly SinkConfig[], options: CreateSinkOptions): Sink[] {
  return configs.map((c) => createSink(c, options));
}

function makeTransport(config: SinkConfig, name: string, options: CreateSinkOptions): Transport {
  const env = options.env ?? process.env;
  switch (config.type) {
    case 'stdout':
      return stdoutTransport({ stream: options.stdout });
    case 'file':
      return fileTransport(config);
    case 'webhook': {
      const h = config.hmac;
      let secret: string | undefined;
      if (h?.secret !== undefined) secret = h.secret;
      else if (h?.secretEnv !== undefined) secret = fromEnv(name, env, h.secretEnv);
      else if (h?.secretFile !== undefined) secret = readFileSync(h.secretFile, 'utf8').trim();
      if (secret !== undefined && secret.length < 16)
        throw new SinkSetupError(name, 'the HMAC secret is shorter than 16 characters');
      return webhookTransport({
        url: config.url,
        headers: config.headers,
        secret,
        signatureHeader: h?.signatureHeader,
        timestampHeader: h?.timestampHeader,
        tls: config.tls,
        timeoutMs: config.timeoutMs,
        batchSize: config.batchSize,
      });
    }
    case 'slack': {
      const url = config.url ?? fromEnv(name, env, config.urlEnv!);
      if (!/^https?:\/\//.test(url))
        throw new SinkSetupError(name, `${config.urlEnv} does not hold an http(s) URL`);
      return slackTransport({ url, tls: config.tls, timeoutMs: config.timeoutMs });
    }
  }
}

function fromEnv(name: string, env: Record<string, string | undefined>, key: string): string {
  const v = env[key];
  if (!v) throw new SinkSetupError(name, `environment variable ${key} is not set`);
  return v;
}

// File errors (TLS, secret files) become SinkSetupError naming the sink, not a bare ENOENT.
function setup<T>(name: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof SinkSetupError) throw e;
    throw new SinkSetupError(name, (e as Error).message);
  }
}
