import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '../normalize/index.js';
import type { SourcePosition } from '../source/types.js';
import { mitreFromTags } from './mitre.js';
import { suggestedResponse } from './response.js';
import { demote, maxSeverity, riskScore, severityRank } from './severity.js';
import type { Alert, AlertMatch } from './types.js';

/** One alert for one audit event, merging every rule that matched it. */
export function buildAlert(
  n: NormalizedEvent,
  matches: AlertMatch[],
  position: SourcePosition,
): Alert {
  const { event, facts } = n;
  const { action, actor, workload } = facts;
  const ordered = [...matches].sort((a, b) => severityRank(b.level) - severityRank(a.level));
  const top = maxSeverity(ordered.map((m) => m.level));
  const severity = action.failed ? demote(top) : top;
  const ref = event.objectRef ?? {};
  const kind = workload?.kind ?? kindFromResponse(event.responseObject);
  const title =
    ordered.length > 1 ? `${ordered[0]!.title} (+${ordered.length - 1} more)` : ordered[0]!.title;
  return {
    id: alertId(event.auditID, position),
    time: event.stageTimestamp ?? event.requestReceivedTimestamp ?? null,
    severity,
    riskScore: riskScore(severity, ordered.length, {
      anonymous: actor.anonymous,
      failed: action.failed,
    }),
    title,
    summary: summarize(n, kind, ordered),
    auditID: event.auditID ?? null,
    verb: event.verb ?? '',
    stage: event.stage ?? null,
    responseCode: action.code,
    decision: action.decision,
    user: {
      username: actor.username,
      groups: actor.groups,
      ...(actor.impersonated ? { authenticatedAs: actor.authenticatedUsername } : {}),
    },
    sourceIPs: Array.isArray(event.sourceIPs)
      ? event.sourceIPs.filter((s) => typeof s === 'string')
      : [],
    userAgent: typeof event.userAgent === 'string' ? event.userAgent : null,
    object: {
      apiGroup: ref.apiGroup ?? '',
      apiVersion: ref.apiVersion ?? null,
      resource: ref.resource ?? '',
      subresource: action.subresource,
      namespace: ref.namespace ?? workload?.namespace ?? null,
      name: ref.name ?? workload?.name ?? null,
      kind,
    },
    mitre: mitreFromTags(ordered.flatMap((m) => m.tags)),
    matches: ordered,
    related: [],
    relatedCount: 0,
    response: { suggested: suggestedResponse(n) },
    source: position.path
      ? { file: position.file, line: position.line, path: position.path }
      : { file: position.file, line: position.line },
  };
}

/**
 * Moves an alert built elsewhere (a scan worker, which counts lines from the start of its
 * range) to the event's real position: its `source` and, for events without an audit ID, its id.
 */
export function placeAlert(
  alert: Alert,
  auditID: string | undefined,
  position: SourcePosition,
): void {
  alert.id = alertId(auditID, position);
  alert.source = position.path
    ? { file: position.file, line: position.line, path: position.path }
    : { file: position.file, line: position.line };
}

/** Stable across runs and re-deliveries: the same audit event always gets the same id. */
function alertId(auditID: string | undefined, position: SourcePosition): string {
  const key = auditID ?? `${position.file}:${position.line}:${position.path ?? ''}`;
  return `cw-${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;
}

function kindFromResponse(object: unknown): string | null {
  if (object === null || typeof object !== 'object') return null;
  const kind = (object as { kind?: unknown }).kind;
  return typeof kind === 'string' && kind !== 'Status' ? kind : null;
}

const PAST: Record<string, string> = {
  create: 'created',
  update: 'updated',
  patch: 'patched',
  delete: 'deleted',
  deletecollection: 'deleted',
  get: 'read',
  list: 'listed',
  watch: 'watched',
};

function summarize(n: NormalizedEvent, kind: string | null, matches: AlertMatch[]): string {
  const { event, facts } = n;
  const ref = event.objectRef ?? {};
  const who = facts.actor.impersonated
    ? `${facts.actor.username} (impersonated by ${facts.actor.authenticatedUsername})`
    : facts.actor.username || 'an unknown user';
  const what = kind ?? ref.resource ?? 'object';
  const where = [ref.namespace, ref.name ?? facts.workload?.name].filter(Boolean).join('/');
  const verb = facts.action.verb;
  const target = where ? `${what} ${where}` : what;
  const did = facts.action.failed
    ? `tried to ${verb} ${target} and was refused (${facts.action.code ?? '?'})`
    : `${PAST[verb] ?? verb} ${target}`;
  const details: string[] = [];
  const w = facts.workload;
  if (w) {
    if (w.images.length > 0) details.push(`image ${w.images.slice(0, 3).join(', ')}`);
    if (w.schedule) details.push(`schedule "${w.schedule}"`);
    if (w.partial) details.push(`seen through the ${facts.action.bodySource}`);
  } else if (facts.action.bodyMissingReason)
    details.push(`no body: ${facts.action.bodyMissingReason}`);
  const because = matches.map((m) => m.title).join('; ');
  return `${who} ${did}${details.length ? ` (${details.join('; ')})` : ''}: ${because}`.replace(
    /\s+/g,
    ' ',
  );
}
