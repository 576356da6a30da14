import { z } from 'zod';
import { SEVERITIES } from '../alert/types.js';

/**
 * Sink configuration, embedded by `serve`'s YAML config under `sinks:` (docs/sinks.md). Durations
 * are milliseconds and sizes bytes, named so (`timeoutMs`, `maxBytes`), to leave no unit to guess.
 */
const positiveInt = (what: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: `expected ${what} as a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be at least 1`)
    .max(max, `${what} must be at most ${max}`);

const ms = (what: string) => positiveInt(`${what} (milliseconds)`, 86_400_000);

const httpUrl = z.string({ error: 'expected a URL' }).refine((s) => {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}, 'expected an http:// or https:// URL');

const common = {
  /** Unique among sinks; names the sink in logs and stats. Defaults to the type. */
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w.-]+$/, 'use letters, digits, "_", "-" or "."')
    .optional(),
  /** Alerts below this severity are not sent to this sink. */
  minSeverity: z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(', ')}` }).optional(),
  queue: z
    .object({
      maxSize: positiveInt('queue.maxSize', 10_000_000).default(10_000),
      whenFull: z
        .enum(['dropOldest', 'dropNewest'], { error: 'expected dropOldest or dropNewest' })
        .default('dropOldest'),
    })
    .strict()
    .prefault({}),
  retry: z
    .object({
      maxAttempts: positiveInt('retry.maxAttempts', 100).default(5),
      initialDelayMs: ms('retry.initialDelayMs').default(500),
      maxDelayMs: ms('retry.maxDelayMs').default(30_000),
      maxRetryAfterMs: ms('retry.maxRetryAfterMs').default(300_000),
    })
    .strict()
    .prefault({}),
  /** How long `close()` waits for the queue to drain before abandoning the rest. */
  closeTimeoutMs: ms('closeTimeoutMs').default(10_000),
};

const tls = z
  .object({
    caFile: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    insecureSkipVerify: z.boolean().optional(),
  })
  .strict()
  .refine((t) => !t.certFile === !t.keyFile, 'certFile and keyFile go together (mutual TLS)');

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Keys checked here, not in the record's key schema, whose own message would hide ours.
const headers = z
  .record(
    z.string(),
    z.string().refine((v) => !/[\r\n\0]/.test(v), 'header values cannot contain line breaks'),
  )
  .superRefine((h, ctx) => {
    for (const k of Object.keys(h))
      if (!headerName.test(k))
        ctx.addIssue({ code: 'custom', path: [k], message: 'not a valid HTTP header name' });
  })
  .optional();

const oneOf = (keys: string[]) => (o: Record<string, unknown>) =>
  keys.filter((k) => o[k] !== undefined).length === 1;

const hmac = z
  .object({
    /** Prefer secretEnv or secretFile: a config file is read by more people than a secret. */
    secret: z.string().min(16, 'use a secret of at least 16 characters').optional(),
    secretEnv: z.string().min(1).optional(),
    secretFile: z.string().min(1).optional(),
    signatureHeader: z.string().regex(headerName, 'not a valid HTTP header name').optional(),
    timestampHeader: z.string().regex(headerName, 'not a valid HTTP header name').optional(),
  })
  .strict()
  .refine(
    oneOf(['secret', 'secretEnv', 'secretFile']),
    'give exactly one of secret, secretEnv, secretFile',
  );

export const stdoutSinkSchema = z.object({ type: z.literal('stdout'), ...common }).strict();

export const fileSinkSchema = z
  .object({
    type: z.literal('file'),
    ...common,
    path: z
      .string({ error: 'required: the file to write, e.g. /var/log/cronwarden/alerts.jsonl' })
      .min(1),
    maxBytes: positiveInt('maxBytes').default(100 * 1024 * 1024),
    keep: z
      .number({ error: 'expected keep as a number' })
      .int('keep must be a whole number')
      .min(0, 'keep must be 0 or more (0: no rotated file is kept)')
      .max(1000, 'keep must be at most 1000')
      .default(5),
    fsync: z.enum(['batch', 'none'], { error: 'expected batch or none' }).default('batch'),
  })
  .strict();

export const webhookSinkSchema = z
  .object({
    type: z.literal('webhook'),
    ...common,
    url: httpUrl,
    headers,
    hmac: hmac.optional(),
    tls: tls.optional(),
    timeoutMs: ms('timeoutMs').default(10_000),
    batchSize: positiveInt('batchSize', 1000).default(1),
  })
  .strict();

export const slackSinkSchema = z
  .object({
    type: z.literal('slack'),
    ...common,
    /** The webhook URL is itself a secret; urlEnv keeps it out of the config file. */
    url: httpUrl.optional(),
    urlEnv: z.string().min(1).optional(),
    tls: tls.optional(),
    timeoutMs: ms('timeoutMs').default(10_000),
  })
  .strict()
  .refine(oneOf(['url', 'urlEnv']), 'give exactly one of url, urlEnv');

export const sinkConfigSchema = z.discriminatedUnion(
  'type',
  [stdoutSinkSchema, fileSinkSchema, webhookSinkSchema, slackSinkSchema],
  { error: 'expected type: stdout, file, webhook or slack' },
);

export const sinksConfigSchema = z.array(sinkConfigSchema).superRefine((sinks, ctx) => {
  const seen = new Set<string>();
  sinks.forEach((s, i) => {
    const name = s.name ?? s.type;
    if (seen.has(name))
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `sink name "${name}" is used twice: give each sink of a type its own name`,
      });
    seen.add(name);
  });
});

export type SinkConfig = z.infer<typeof sinkConfigSchema>;
export type SinkConfigInput = z.input<typeof sinkConfigSchema>;
