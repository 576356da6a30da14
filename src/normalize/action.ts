import type { AuditEvent } from '../schema/audit-event.js';
import type { ActionFacts } from './types.js';

/** What the request did and how it ended; the body fields are filled in by the caller. */
export function actionFacts(event: AuditEvent): ActionFacts {
  const verb = typeof event.verb === 'string' ? event.verb : '';
  const rawCode = event.responseStatus?.code;
  const code = typeof rawCode === 'number' ? rawCode : null;
  const annotated = event.annotations?.['authorization.k8s.io/decision'];
  const decision =
    annotated === 'allow' || annotated === 'forbid'
      ? annotated
      : code === 401 || code === 403
        ? 'forbid'
        : null;
  return {
    // Server-side apply of an object that did not exist yet is a patch that answered 201.
    verb: verb === 'patch' && code === 201 ? 'create' : verb,
    subresource: subresourceOf(event.objectRef),
    code,
    decision,
    denied: decision === 'forbid' || code === 401,
    failed: code !== null && code >= 400,
    bodySource: 'none',
    bodyMissingReason: null,
  };
}

/** `action.subresource`: the object reference's, when it names one. */
export function subresourceOf(objectRef: unknown): string | null {
  if (typeof objectRef !== 'object' || objectRef === null) return null;
  const subresource = (objectRef as { subresource?: unknown }).subresource;
  return typeof subresource === 'string' && subresource !== '' ? subresource : null;
}
