import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tls {
  dir: string;
  certFile: string;
  keyFile: string;
}

/** A self-signed certificate for 127.0.0.1, made with the openssl CLI. */
export function selfSignedCert(cn = '127.0.0.1'): Tls {
  const dir = mkdtempSync(join(tmpdir(), 'cw-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=IP:${cn}`,
    ],
    { stdio: 'pipe' },
  );
  return { dir, certFile, keyFile };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

/** What the receiver answers to request number `n` (0-based); `hang` never answers. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A loopback HTTPS server that records every request and answers from a script. */
export class Receiver {
  readonly requests: Received[] = [];
  private held: ServerResponse[] = [];
  private server: Server;
  url = '';

  constructor(
    tls: Tls,
    private answer: (n: number) => Answer = () => ({ status: 200, body: 'ok' }),
    options: { clientCa?: string } = {},
  ) {
    this.server = createServer({
      cert: readFileSync(tls.certFile),
      key: readFileSync(tls.keyFile),
      ...(options.clientCa
        ? { ca: readFileSync(options.clientCa), requestCert: true, rejectUnauthorized: true }
        : {}),
    });
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const n = this.requests.length;
        this.requests.push({
          headers: req.headers,
          body: Buffer.concat(chunks),
          url: req.url ?? '',
        });
        const a = this.answer(n);
        if (a === 'hang') return void this.held.push(res);
        res.writeHead(a.status, a.headers).end(a.body ?? '');
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** Answers every held request with 200. */
  release(): void {
    for (const r of this.held.splice(0)) r.writeHead(200).end('ok');
  }

  setAnswer(answer: (n: number) => Answer): void {
    this.answer = answer;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
