import { z } from 'zod';
import { SEVERITIES } from '../alert/types.js';
import { ConfigError, loadYamlWith } from '../config/load.js';
import { exceptionSchema } from '../config/schema.js';
import { EQL_DIALECTS } from '../eql/types.js';
import { sinksConfigSchema } from '../sink/config.js';

/**
 * `cronwarden serve --config FILE`: everything the flags can say, plus sinks, retention and
 * tuning exceptions. Documented in docs/serve.md; flags override environment variables, which
 * override the file.
 */
export const serveConfigSchema = z
  .object({
    version: z.literal(1).optional(),
    listen: z.string().optional(),
    store: z.string().min(1).optional(),
    tls: z
      .object({
        cert: z.string().min(1),
        key: z.string().min(1),
        clientCa: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    insecureHttp: z.boolean().optional(),
    allowUnauthenticated: z.boolean().optional(),
    auditToken: z.string().min(16, 'use a token of at least 16 characters').optional(),
    bodyLimitBytes: z.number().int().positive().optional(),
    maxQueuedBatches: z.number().int().positive().optional(),
    follow: z.array(z.string().min(1)).optional(),
    followCheckpoint: z.string().min(1).optional(),
    followFrom: z.enum(['start', 'end']).optional(),
    admission: z
      .object({
        mode: z.enum(['enforce', 'warn', 'audit']).optional(),
        denySeverity: z.enum(SEVERITIES).optional(),
      })
      .strict()
      .optional(),
    rules: z.array(z.string().min(1)).optional(),
    builtinRules: z.boolean().optional(),
    eql: z.array(z.string().min(1)).optional(),
    eqlDialect: z.enum(EQL_DIALECTS).optional(),
    exceptions: z.array(exceptionSchema).default([]),
    sinks: sinksConfigSchema.default([]),
    retention: z
      .object({
        maxAgeDays: z.number().positive().optional(),
        maxBytes: z.number().int().positive().optional(),
        everyMinutes: z.number().positive().default(60),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ServeConfig = z.infer<typeof serveConfigSchema>;

/** Flags `cronwarden serve` takes (commander's parsed options). */
export interface ServeFlags {
  config?: string;
  listen?: string;
  store?: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  auditToken?: string;
  follow?: string[];
  admissionMode?: 'enforce' | 'warn' | 'audit';
  admissionDenySeverity?: (typeof SEVERITIES)[number];
  insecureHttp?: boolean;
  allowUnauthenticated?: boolean;
}

/** The settings the server runs with, after file, environment and flags. */
export interface ServeSettings {
  host: string;
  port: number;
  store: string;
  tls: { cert: string; key: string; clientCa?: string } | null;
  insecureHttp: boolean;
  auditToken: string | null;
  bodyLimitBytes: number;
  follow: string[];
  followCheckpoint: string;
  followFrom: 'start' | 'end';
  admissionMode: 'enforce' | 'warn' | 'audit';
  admissionDenySeverity: (typeof SEVERITIES)[number];
  rules: string[];
  builtinRules: boolean;
  eql: string[];
  eqlDialect: (typeof EQL_DIALECTS)[number];
  config: ServeConfig;
}

export const DEFAULT_LISTEN = '127.0.0.1:8443';
export const DEFAULT_STORE = 'cronwarden.db';
// The API server's webhook batches are at most a few MiB; 32 MiB leaves room for huge objects.
const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;

/** Environment variables `serve` reads; each overrides the config file, flags override it. */
export const SERVE_ENV = {
  listen: 'CRONWARDEN_LISTEN',
  store: 'CRONWARDEN_STORE',
  auditToken: 'CRONWARDEN_AUDIT_TOKEN',
  admissionMode: 'CRONWARDEN_ADMISSION_MODE',
  admissionDenySeverity: 'CRONWARDEN_ADMISSION_DENY_SEVERITY',
} as const;

/**
 * Reads the config file (if any) and merges environment and flags. Every problem is reported at
 * once as a ConfigError line naming the file:line, the variable or the flag.
 */
export function resolveServeSettings(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv = process.env,
): ServeSettings {
  const config = flags.config ? loadServeConfig(flags.config) : serveConfigSchema.parse({});
  const problems: string[] = [];
  const listen = flags.listen ?? env[SERVE_ENV.listen] ?? config.listen ?? DEFAULT_LISTEN;
  const at = parseListen(listen);
  if (!at) problems.push(`listen address "${listen}" is not HOST:PORT (e.g. 127.0.0.1:8443)`);
  const tlsCert = flags.tlsCert ?? config.tls?.cert;
  const tlsKey = flags.tlsKey ?? config.tls?.key;
  if (Boolean(tlsCert) !== Boolean(tlsKey)) problems.push('--tls-cert and --tls-key go together');
  const clientCa = flags.clientCa ?? config.tls?.clientCa;
  if (clientCa && !tlsCert)
    problems.push('--client-ca needs --tls-cert and --tls-key (mTLS is TLS)');
  const mode =
    flags.admissionMode ?? env[SERVE_ENV.admissionMode] ?? config.admission?.mode ?? 'warn';
  if (!['enforce', 'warn', 'audit'].includes(mode))
    problems.push(`${SERVE_ENV.admissionMode}="${mode}": use enforce, warn or audit`);
  const deny =
    flags.admissionDenySeverity ??
    env[SERVE_ENV.admissionDenySeverity] ??
    config.admission?.denySeverity ??
    'high';
  if (!(SEVERITIES as readonly string[]).includes(deny))
    problems.push(
      `${SERVE_ENV.admissionDenySeverity}="${deny}": use one of ${SEVERITIES.join(', ')}`,
    );
  const token = flags.auditToken ?? env[SERVE_ENV.auditToken] ?? config.auditToken ?? null;
  if (token !== null && token.length < 16)
    problems.push('the audit token must be at least 16 characters');
  const insecureHttp = flags.insecureHttp ?? config.insecureHttp ?? false;
  if (at && !tlsCert && !isLoopback(at.host) && !insecureHttp)
    problems.push(
      `refusing plain HTTP on ${at.host}, which is not a loopback address: give --tls-cert and --tls-key, or --insecure-http if a proxy terminates TLS`,
    );
  const allowOpen = flags.allowUnauthenticated ?? config.allowUnauthenticated ?? false;
  if (at && !isLoopback(at.host) && token === null && !clientCa && !allowOpen)
    problems.push(
      `refusing to serve ${at.host} with no authentication (admission and the alerts API would be open): give --audit-token or --client-ca, or --allow-unauthenticated behind a proxy that authenticates`,
    );
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `cronwarden serve: ${p}`));
  const store = flags.store ?? env[SERVE_ENV.store] ?? config.store ?? DEFAULT_STORE;
  return {
    host: at!.host,
    port: at!.port,
    store,
    tls:
      tlsCert && tlsKey ? { cert: tlsCert, key: tlsKey, ...(clientCa ? { clientCa } : {}) } : null,
    insecureHttp,
    auditToken: token,
    bodyLimitBytes: config.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    follow: [...(config.follow ?? []), ...(flags.follow ?? [])],
    followCheckpoint: config.followCheckpoint ?? `${store}.follow-checkpoint.json`,
    followFrom: config.followFrom ?? 'start',
    admissionMode: mode as ServeSettings['admissionMode'],
    admissionDenySeverity: deny as ServeSettings['admissionDenySeverity'],
    rules: config.rules ?? [],
    builtinRules: config.builtinRules ?? true,
    eql: config.eql ?? [],
    eqlDialect: config.eqlDialect ?? 'elastic',
    config,
  };
}

export function loadServeConfig(file: string): ServeConfig {
  return loadYamlWith(serveConfigSchema, file, 'the config');
}

/** `HOST:PORT`, `[::1]:PORT`; null when it is neither. */
export function parseListen(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) return null;
  const port = Number(m[3]);
  if (port > 65535) return null;
  return { host: (m[1] ?? m[2])!, port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
