import { createHash, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Compares in constant time whatever the lengths: both sides are hashed first, since
 * timingSafeEqual needs equal lengths and an early length check would leak the token's length.
 */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>`; 401 when absent, 403 when wrong. */
export function bearerCheck(expected: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) {
      request.log.warn({ route: request.url }, 'request without a bearer token refused');
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'Unauthorized', message: 'a bearer token is required' });
      return reply;
    }
    if (!tokenMatches(match[1]!, expected)) {
      request.log.warn({ route: request.url }, 'request with a wrong bearer token refused');
      await reply.code(403).send({ error: 'Forbidden', message: 'invalid bearer token' });
      return reply;
    }
  };
}

/**
 * The TLS layer asks for a client certificate but lets connections without one through, so that
 * probes and scrapers reach /healthz, /readyz and /metrics; routes that need the caller to be the
 * API server (or an operator holding a certificate from the client CA) check it here.
 */
export async function clientCertCheck(request: FastifyRequest, reply: FastifyReply) {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (socket.authorized === true) return;
  const reason = socket.authorizationError ?? 'no client certificate';
  request.log.warn({ route: request.url, reason: String(reason) }, 'client certificate refused');
  await reply.code(403).send({
    error: 'Forbidden',
    message: 'a client certificate signed by the client CA is required',
  });
  return reply;
}

/**
 * Admission and the alerts API: any credential the server was given will do — a client
 * certificate from the client CA (what the API server's admission kubeconfig presents) or the
 * bearer token (what an operator's script holds). With neither configured the routes are open,
 * which `serve` allows only on loopback addresses.
 */
export function anyCredential(options: { clientCa: boolean; token?: string }) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!options.clientCa && !options.token) return;
    const socket = request.raw.socket as Partial<TLSSocket>;
    if (options.clientCa && socket.authorized === true) return;
    const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
    if (options.token && match && tokenMatches(match[1]!, options.token)) return;
    request.log.warn({ route: request.url }, 'request without a valid credential refused');
    const what = [
      options.clientCa ? 'a client certificate from the client CA' : null,
      options.token ? 'the bearer token' : null,
    ]
      .filter(Boolean)
      .join(' or ');
    // As on the webhook: a certificate missing where mTLS is configured is 403; a missing token
    // (and nothing else to show) is 401, a wrong one 403.
    const code = match || options.clientCa ? 403 : 401;
    await reply
      .code(code)
      .send({ error: code === 403 ? 'Forbidden' : 'Unauthorized', message: `${what} is required` });
    return reply;
  };
}
