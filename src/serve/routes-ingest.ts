import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import { AdmissionReviewError } from '../admission/review.js';
import type { IngestPipeline } from './ingest.js';
import type { ServerMetrics } from './metrics.js';
import type { ServerDeps } from './types.js';
import { BadBatchError } from './webhook-body.js';

/** `POST /audit/webhook` and `POST /admission/validate`: the API server is the caller of both. */
export function ingestRoutes(
  app: FastifyInstance,
  deps: ServerDeps,
  ingest: IngestPipeline,
  metrics: ServerMetrics,
  guards: {
    webhook: preHandlerAsyncHookHandler[];
    admission: preHandlerAsyncHookHandler[];
    maxQueuedBatches: number;
  },
): void {
  // Shed load before the body is read: queued batches hold their bodies until their turn.
  const shed = async (_request: FastifyRequest, reply: FastifyReply) => {
    if (ingest.queued < guards.maxQueuedBatches) return;
    metrics.batches.inc({ result: 'shed' });
    await reply
      .code(503)
      .header('retry-after', '1')
      .send({ error: 'Service Unavailable', message: 'too many audit batches queued: retry' });
    return reply;
  };
  app.post(
    '/audit/webhook',
    { onRequest: shed, preHandler: guards.webhook },
    async (request, reply) => {
      let outcome;
      try {
        outcome = await ingest.submit(request.body as string);
      } catch (e) {
        metrics.batches.inc({ result: e instanceof BadBatchError ? 'bad_request' : 'store_error' });
        throw e;
      }
      metrics.batches.inc({ result: 'recorded' });
      request.log.info({ ...outcome }, 'audit batch recorded');
      return reply.code(200).send(outcome);
    },
  );

  app.post('/admission/validate', { preHandler: guards.admission }, async (request, reply) => {
    const started = process.hrtime.bigint();
    let outcome;
    try {
      outcome = deps.detection().admission.evaluateJson(request.body as string);
    } catch (e) {
      if (e instanceof AdmissionReviewError) {
        metrics.admissionDecisions.inc({ decision: 'bad_request' });
        return reply.code(400).send({ error: 'Bad Request', message: e.message, issues: e.issues });
      }
      // 500 lets the API server apply the webhook's failurePolicy (Fail or Ignore).
      metrics.admissionDecisions.inc({ decision: 'error' });
      throw e;
    }
    metrics.evaluation.observe(
      { endpoint: 'admission' },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    metrics.admissionDecisions.inc({ decision: outcome.decision });
    const { alert } = outcome;
    if (outcome.record && alert) {
      // The decision does not depend on the store: a store fault is logged, the review answered.
      try {
        const known = await deps.store.getAlert(alert.id);
        await deps.store.recordBatch({ alerts: [alert] });
        if (!known) {
          metrics.alertRecorded(alert, 'admission');
          deps.sinks.dispatch(alert);
        }
      } catch (e) {
        request.log.error({ err: e, alertId: alert.id }, 'admission alert not recorded');
      }
    }
    request.log.info(
      { uid: outcome.review.response.uid, decision: outcome.decision, alertId: alert?.id ?? null },
      'admission review answered',
    );
    return reply.code(200).send(outcome.review);
  });
}
