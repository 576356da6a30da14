import { goJson } from '../schema/go-json.js';
import { isRecord } from '../decode/shared.js';
import type { AuditEvent } from '../schema/audit-event.js';

/**
 * The Elastic view of an audit event: the document Elasticsearch holds for it, which is what
 * EQL queries written for Elastic read. This is the one place the mapping lives; anything that
 * reads or writes Elastic documents (EQL evaluation, alerts sent to Elastic) uses it.
 *
 * It follows the Kubernetes audit integration's ingest processing (checked against its ingest
 * pipeline): the native event under `kubernetes.audit` with the `metadata` of requestObject and
 * responseObject removed and dots in annotation keys replaced by `_`
 * (`authorization_k8s_io/decision`), and the ECS copies `event.action` (verb), `event.outcome`
 * (from the authorization decision), `user.name`, `user.id`, `user_agent.original`,
 * `source.ip`/`client.ip` (every source IP) and `container.image.name` (a Pod request's images).
 * Two fields follow the reference query rather than today's integration, and are documented in
 * docs/eql.md: `event.dataset` is `kubernetes.audit` (the integration's data stream is
 * `kubernetes.audit_logs`), and `message` holds the event's original JSON text as the API
 * server wrote it.
 */
export const ELASTIC_AUDIT_DATASET = 'kubernetes.audit';

export interface ElasticAuditView {
  '@timestamp': string | null;
  event: { dataset: string; kind: 'event'; action?: string; outcome?: 'success' | 'failure' };
  kubernetes: { audit: Record<string, unknown> };
  user?: { name?: string; id?: string };
  user_agent?: { original: string };
  source?: { ip: string[] };
  client?: { ip: string[] };
  container?: { image: { name: unknown } };
  /** The event's JSON text; computed on first read, since most queries never look at it. */
  message: string;
  [key: string]: unknown;
}

/**
 * @param rawText the event's JSON text as read, when the caller has it; otherwise the event is
 *   written out the way the API server's encoder would (Go escapes `<`, `>` and `&`).
 */
export function elasticAuditView(event: AuditEvent, rawText?: string): ElasticAuditView {
  const decision = event.annotations?.['authorization.k8s.io/decision'];
  const outcome = decision === 'allow' ? 'success' : decision === 'forbid' ? 'failure' : undefined;
  const view: Omit<ElasticAuditView, 'message'> = {
    '@timestamp': eventTime(event),
    event: {
      dataset: ELASTIC_AUDIT_DATASET,
      kind: 'event',
      ...(typeof event.verb === 'string' && event.verb !== '' ? { action: event.verb } : {}),
      ...(outcome ? { outcome } : {}),
    },
    kubernetes: { audit: integrationAudit(event) },
  };
  const user = event.user;
  if (user?.username || user?.uid)
    view.user = {
      ...(user.username ? { name: user.username } : {}),
      ...(user.uid ? { id: user.uid } : {}),
    };
  if (typeof event.userAgent === 'string' && event.userAgent !== '')
    view.user_agent = { original: event.userAgent };
  const ips = Array.isArray(event.sourceIPs)
    ? event.sourceIPs.filter((ip): ip is string => typeof ip === 'string')
    : [];
  if (ips.length > 0) {
    view.source = { ip: ips };
    view.client = { ip: ips };
  }
  const images = podRequestImages(event.requestObject);
  if (images !== undefined) view.container = { image: { name: images } };
  let message = rawText;
  Object.defineProperty(view, 'message', {
    enumerable: true,
    get: () => (message ??= goJson(event)),
  });
  return view as ElasticAuditView;
}

/** The time Elastic sorts a document by: when the API server logged this stage. */
export function eventTime(event: AuditEvent): string | null {
  const t = event.stageTimestamp ?? event.requestReceivedTimestamp;
  return typeof t === 'string' ? t : null;
}

/** Epoch milliseconds of `eventTime`, NaN when the event has none or it does not parse. */
export function eventTimeMs(event: AuditEvent): number {
  const t = eventTime(event);
  return t === null ? Number.NaN : Date.parse(t);
}

function integrationAudit(event: AuditEvent): Record<string, unknown> {
  const audit: Record<string, unknown> = { ...event };
  for (const key of ['requestObject', 'responseObject'] as const) {
    const body = event[key];
    if (isRecord(body) && 'metadata' in body) {
      const { metadata: _dropped, ...rest } = body;
      audit[key] = rest;
    }
  }
  if (isRecord(event.annotations)) {
    const dedotted: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event.annotations)) dedotted[k.replaceAll('.', '_')] = v;
    audit.annotations = dedotted;
  }
  return audit;
}

// The pipeline copies `requestObject.spec.containers.image`, which only a Pod body has.
function podRequestImages(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.spec) || !Array.isArray(body.spec.containers))
    return undefined;
  const images = body.spec.containers
    .map((c) => (isRecord(c) ? c.image : undefined))
    .filter((i) => typeof i === 'string');
  if (images.length === 0) return undefined;
  return images.length === 1 ? images[0] : images;
}
