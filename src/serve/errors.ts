import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * JSON errors for every route. Client errors keep fastify's message (413 body too large, 415
 * content type, 400); internal faults are logged and answered without details, which can name
 * files and database paths.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({
      error: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
      message: status === 503 ? error.message : 'internal error',
    });
  }
  return reply.code(status).send({ error: error.code ?? 'Bad Request', message: error.message });
}
