import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYamlWith } from '../../src/config/load.js';
import { sinksConfigSchema } from '../../src/sink/config.js';
import { createSinks, SinkSetupError } from '../../src/sink/create.js';
import { SinkDispatcher } from '../../src/sink/dispatcher.js';
import { formatAlertJson } from '../../src/sink/json.js';
import { tempFiles } from '../helpers/temp-files.js';
import { exampleAlerts } from './helpers/alerts.js';
import { memoryLogger } from './helpers/logger.js';

function problems(value: unknown): string[] {
  const r = sinksConfigSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('sink config', () => {
  it('fills documented defaults', () => {
    const [file] = sinksConfigSchema.parse([{ type: 'file', path: '/var/log/cw/alerts.jsonl' }]);
    expect(file).toEqual({
      type: 'file',
      path: '/var/log/cw/alerts.jsonl',
      maxBytes: 104_857_600,
      keep: 5,
      fsync: 'batch',
      queue: { maxSize: 10_000, whenFull: 'dropOldest' },
      retry: { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 },
      closeTimeoutMs: 10_000,
    });
  });

  it('explains each mistake at its path', () => {
    expect(
      problems([
        { type: 'webhook', url: 'ftp://x', hmac: { secretEnv: 'A', secretFile: 'b' } },
        { type: 'slack' },
        { type: 'pager' },
        { type: 'stdout', queue: { maxSize: 0, whenFull: 'block' } },
        { type: 'webhook', url: 'https://x', headers: { 'Bad Name': 'v', ok: 'a\nb' } },
        { type: 'webhook', url: 'https://x', tls: { certFile: 'c' }, timeoutMs: 1.5 },
      ]),
    ).toEqual([
      '0.url: expected an http:// or https:// URL',
      '0.hmac: give exactly one of secret, secretEnv, secretFile',
      '1: give exactly one of url, urlEnv',
      '2.type: expected type: stdout, file, webhook or slack',
      '3.queue.maxSize: queue.maxSize must be at least 1',
      '3.queue.whenFull: expected dropOldest or dropNewest',
      '4.headers.ok: header values cannot contain line breaks',
      '4.headers.Bad Name: not a valid HTTP header name',
      '5.tls: certFile and keyFile go together (mutual TLS)',
      '5.timeoutMs: timeoutMs (milliseconds) must be a whole number',
    ]);
  });

  it('refuses two sinks with the same name', () => {
    expect(problems([{ type: 'stdout' }, { type: 'stdout' }])).toEqual([
      '1.name: sink name "stdout" is used twice: give each sink of a type its own name',
    ]);
  });

  it('reads as part of a YAML config with file:line locations', () => {
    const yaml = 'sinks:\n  - type: file\n    path: /x\n    keep: -1\n';
    const serveConfig = z.object({ sinks: sinksConfigSchema });
    expect(() => parseYamlWith(serveConfig, yaml, 'serve.yaml')).toThrow(
      'serve.yaml:4:11: sinks[0].keep: keep must be 0 or more (0: no rotated file is kept)',
    );
  });
});

describe('createSinks', () => {
  it('builds working sinks from config', async () => {
    const { dir } = tempFiles('cw-create-');
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const configs = sinksConfigSchema.parse([
      { type: 'stdout' },
      { type: 'file', name: 'archive', path: join(dir, 'alerts.jsonl') },
      { type: 'webhook', url: 'https://127.0.0.1:9/x', hmac: { secretEnv: 'CW_SECRET' } },
      { type: 'slack', urlEnv: 'CW_SLACK', minSeverity: 'high' },
    ]);
    const sinks = createSinks(configs, {
      logger: memoryLogger(),
      stdout: out,
      env: { CW_SECRET: 'x'.repeat(32), CW_SLACK: 'https://127.0.0.1:9/services/T/B/X' },
    });
    expect(sinks.map((s) => [s.name, s.type])).toEqual([
      ['stdout', 'stdout'],
      ['archive', 'file'],
      ['webhook', 'webhook'],
      ['slack', 'slack'],
    ]);
    const dispatcher = new SinkDispatcher(sinks.slice(0, 2));
    const alerts = await exampleAlerts();
    for (const a of alerts) dispatcher.dispatch(a);
    await dispatcher.close();
    const expected = alerts.map(formatAlertJson).join('');
    expect(text).toBe(expected);
    expect(readFileSync(join(dir, 'alerts.jsonl'), 'utf8')).toBe(expected);
    await Promise.all(sinks.slice(2).map((s) => s.close(10)));
  });

  it('fails at startup, naming the sink, when a secret or TLS file is missing', () => {
    const logger = memoryLogger();
    const webhook = sinksConfigSchema.parse([
      { type: 'webhook', name: 'siem', url: 'https://x', hmac: { secretEnv: 'NOPE' } },
    ]);
    expect(() => createSinks(webhook, { logger, env: {} })).toThrow(
      new SinkSetupError('siem', 'environment variable NOPE is not set'),
    );
    const tls = sinksConfigSchema.parse([
      { type: 'slack', url: 'https://x/y', tls: { caFile: '/nonexistent/ca.pem' } },
    ]);
    expect(() => createSinks(tls, { logger })).toThrow(/sink "slack": ENOENT.*ca\.pem/);
  });
});
