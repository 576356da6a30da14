import type { AuditEvent } from '../schema/audit-event.js';
import { actionFacts } from './action.js';
import { actorFacts } from './actor.js';
import { bodyMissingReason, inspectableBody } from './body.js';
import { WORKLOAD_KINDS } from './pod-spec.js';
import type { EventFacts } from './types.js';
import { workloadFacts } from './workload.js';

export type * from './types.js';
export { subresourceOf } from './action.js';
export { WORKLOAD_KINDS } from './pod-spec.js';

/** An audit event with its derived facts, and the document the rules evaluate. */
export interface NormalizedEvent {
  event: AuditEvent;
  facts: EventFacts;
  /** The native event's fields plus `action`, `actor` and `workload` (see docs/fields.md). */
  document: Record<string, unknown>;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch']);
// Writes to these subresources change what runs; status, scale, binding and the rest do not,
// and a controller writing status is not authoring anything.
const SPEC_SUBRESOURCES = new Set([null, 'ephemeralcontainers']);

/**
 * Whether a request writes what a workload runs, so that `workload` facts are built for it.
 * The prefilter's probes ask the same of a line's raw members.
 */
export function writesWorkloadSpec(
  verb: unknown,
  resource: unknown,
  subresource: string | null,
): boolean {
  return (
    typeof resource === 'string' &&
    WORKLOAD_KINDS.has(resource) &&
    typeof verb === 'string' &&
    WRITE_VERBS.has(verb) &&
    SPEC_SUBRESOURCES.has(subresource)
  );
}

/** Derives every fact once per event; all rules share the result. */
export function normalize(event: AuditEvent): NormalizedEvent {
  const action = actionFacts(event);
  const actor = actorFacts(event);
  let workload = null;
  const kind = WORKLOAD_KINDS.get(event.objectRef?.resource ?? '');
  if (kind && writesWorkloadSpec(event.verb, event.objectRef?.resource, action.subresource)) {
    const body = inspectableBody(event);
    if (body) {
      action.bodySource = body.source;
      workload = workloadFacts(event, kind, body);
    } else action.bodyMissingReason = bodyMissingReason(event);
  }
  const facts: EventFacts = { action, actor, workload };
  const document = shallowCopy(event);
  document.action = action;
  document.actor = actor;
  if (workload) document.workload = workload;
  // `delete` costs even when there is nothing to delete, and almost no event has the key.
  else if (Object.hasOwn(document, 'workload')) delete document.workload;
  dropDerivedLookalikes(document);
  return { event, facts, document };
}

/**
 * A field path tries dotted keys whole, so an event key such as `workload.kind` would answer
 * for the derived `workload.kind`. The three namespaces are the normalizer's alone (API servers
 * never write such keys), which the scan prefilter relies on too.
 */
function dropDerivedLookalikes(document: Record<string, unknown>): void {
  for (const key in document) {
    const c = key.charCodeAt(0);
    if (
      (c === 0x61 || c === 0x77) &&
      (key.startsWith('action.') || key.startsWith('actor.') || key.startsWith('workload.'))
    )
      delete document[key];
  }
}

/**
 * `{ ...event }`, faster: events come in many shapes, and past a few the spread in a scan cost
 * ~4× Object.assign. Object.assign sets `__proto__` through the setter where the spread defines
 * an own property, so an event carrying that key still takes the spread.
 */
function shallowCopy(event: AuditEvent): Record<string, unknown> {
  return Object.hasOwn(event, '__proto__') ? { ...event } : Object.assign({}, event);
}
