import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseRetryAfter } from './backoff.js';
import type { DeliveryResult } from './types.js';

export interface TlsOptions {
  /** PEM file of the CA(s) to trust instead of the system store. */
  caFile?: string;
  /** Client certificate and key (PEM) for mutual TLS. */
  certFile?: string;
  keyFile?: string;
  /** Accept any server certificate. Only when set explicitly; for tests and emergencies. */
  insecureSkipVerify?: boolean;
}

export interface HttpTarget {
  url: URL;
  agent: http.Agent;
  timeoutMs: number;
}

/** Reads the TLS files once, at startup, so a missing file is a config error, not a retry loop. */
export function httpTarget(url: string, timeoutMs: number, tls: TlsOptions = {}): HttpTarget {
  const u = new URL(url);
  const agent =
    u.protocol === 'https:'
      ? new https.Agent({
          keepAlive: true,
          ca: tls.caFile ? readFileSync(tls.caFile) : undefined,
          cert: tls.certFile ? readFileSync(tls.certFile) : undefined,
          key: tls.keyFile ? readFileSync(tls.keyFile) : undefined,
          rejectUnauthorized: tls.insecureSkipVerify !== true,
        })
      : new http.Agent({ keepAlive: true });
  return { url: u, agent, timeoutMs };
}

/** A URL fit for logs: Slack and many webhooks keep their secret in the path or query. */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '/' : '/…'}`;
}

// Enough of an error answer to explain it in a log line; the rest is read and discarded.
const MAX_ANSWER_KEPT = 512;

/**
 * POSTs `body` and classifies the answer: 2xx delivered; 408, 429 and 5xx retryable (429/503
 * with their Retry-After); any other status refused for good; network errors and the per-request
 * timeout retryable. Redirects are not followed: a webhook that moved is a config problem.
 */
export function postJson(
  target: HttpTarget,
  body: Buffer,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<DeliveryResult> {
  return new Promise((resolve) => {
    // One controller per request, unlinked when it ends: AbortSignal.any with the sink's
    // long-lived shutdown signal leaks in Node 20/22 (nodejs/node#55351), and serve runs for weeks.
    const request = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.abort();
    }, target.timeoutMs);
    const onShutdown = (): void => request.abort();
    signal.addEventListener('abort', onShutdown, { once: true });
    if (signal.aborted) request.abort();
    const lib = target.url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (r: DeliveryResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onShutdown);
      resolve(r);
    };
    const req = lib.request(
      target.url,
      {
        method: 'POST',
        agent: target.agent,
        signal: request.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cronwarden',
          ...headers,
          'content-length': String(body.length),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let kept = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (kept.length < MAX_ANSWER_KEPT) kept += d.slice(0, MAX_ANSWER_KEPT - kept.length);
        });
        res.on('error', () => {});
        res.on('end', () => finish(classify(status, res.headers['retry-after'], kept)));
        // Also on a body cut short (timeout): the status is known, and that is what counts.
        res.on('close', () => finish(classify(status, res.headers['retry-after'], kept)));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      const reason = timedOut
        ? `timeout after ${target.timeoutMs} ms`
        : signal.aborted
          ? 'aborted at shutdown'
          : `${e.code ?? 'error'}: ${e.message}`;
      finish({ ok: false, retryable: true, reason });
    });
    req.end(body);
  });
}

function classify(
  status: number,
  retryAfter: string | string[] | undefined,
  answer: string,
): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true };
  const text = answer.replace(/\s+/g, ' ').trim();
  const reason = `HTTP ${status}${text ? `: ${text}` : ''}`;
  const retryable = status === 408 || status === 429 || status >= 500;
  const honoured =
    status === 429 || status === 503 ? parseRetryAfter(retryAfter, Date.now()) : undefined;
  return honoured === undefined
    ? { ok: false, retryable, status, reason }
    : { ok: false, retryable, status, reason, retryAfterMs: honoured };
}
