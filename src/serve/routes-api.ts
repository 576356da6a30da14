import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { isSeverity } from '../alert/severity.js';
import { StoreInputError } from '../store/errors.js';
import {
  MAX_LIST_LIMIT,
  TRIAGE_STATUSES,
  type AlertFilter,
  type AlertStore,
  type TriageStatus,
} from '../store/types.js';

type Query = Record<string, string | string[] | undefined>;

/** Read-only alert API: `GET /api/alerts` (newest first) and `GET /api/alerts/:id`. */
export function apiRoutes(
  app: FastifyInstance,
  store: AlertStore,
  guards: preHandlerAsyncHookHandler[],
): void {
  app.get('/api/alerts', { preHandler: guards }, async (request, reply) => {
    let filter: AlertFilter;
    try {
      filter = parseFilter(request.query as Query);
      const page = await store.listAlerts(filter);
      return reply.send({ alerts: page.alerts, nextCursor: page.nextCursor });
    } catch (e) {
      if (e instanceof FilterError || e instanceof StoreInputError)
        return reply.code(400).send({ error: 'Bad Request', message: e.message });
      throw e;
    }
  });

  app.get('/api/alerts/:id', { preHandler: guards }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const alert = await store.getAlert(id);
    if (!alert) return reply.code(404).send({ error: 'Not Found', message: `no alert ${id}` });
    return reply.send(alert);
  });
}

class FilterError extends Error {}

/** Query string to a store filter; `rule` and `status` take several values (repeated or a,b). */
export function parseFilter(query: Query): AlertFilter {
  const known = new Set(['severity', 'namespace', 'rule', 'status', 'since', 'limit', 'cursor']);
  for (const key of Object.keys(query))
    if (!known.has(key)) throw new FilterError(`unknown filter ${JSON.stringify(key)}`);
  const filter: AlertFilter = {};
  const severity = single(query, 'severity');
  if (severity !== undefined) {
    if (!isSeverity(severity))
      throw new FilterError(`unknown severity ${JSON.stringify(severity)}`);
    filter.severity = severity;
  }
  const namespace = single(query, 'namespace');
  if (namespace !== undefined) filter.namespace = namespace;
  const rules = many(query, 'rule');
  if (rules) filter.rule = rules;
  const statuses = many(query, 'status');
  if (statuses) {
    const bad = statuses.find((s) => !(TRIAGE_STATUSES as readonly string[]).includes(s));
    if (bad !== undefined)
      throw new FilterError(
        `unknown status ${JSON.stringify(bad)} (one of ${TRIAGE_STATUSES.join(', ')})`,
      );
    filter.status = statuses as TriageStatus[];
  }
  const since = single(query, 'since');
  if (since !== undefined) {
    const time = Date.parse(since);
    if (!/^\d{4}-\d\d-\d\d/.test(since) || Number.isNaN(time))
      throw new FilterError(`since must be an ISO 8601 time, not ${JSON.stringify(since)}`);
    filter.since = new Date(time).toISOString();
  }
  const limit = single(query, 'limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > MAX_LIST_LIMIT)
      throw new FilterError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}`);
    filter.limit = n;
  }
  const cursor = single(query, 'cursor');
  if (cursor !== undefined) filter.cursor = cursor;
  return filter;
}

function single(query: Query, key: string): string | undefined {
  const value = query[key];
  if (Array.isArray(value)) throw new FilterError(`${key} given more than once`);
  return value;
}

function many(query: Query, key: string): string[] | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  const out = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter(Boolean);
  return out.length > 0 ? out : undefined;
}
