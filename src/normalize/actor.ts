import type { AuditEvent, AuditUser } from '../schema/audit-event.js';
import type { ActorFacts } from './types.js';

const SA_PREFIX = 'system:serviceaccount:';

/** Who acted, with impersonation resolved and service-account tokens traced to their pod. */
export function actorFacts(event: AuditEvent): ActorFacts {
  const authenticated = isUser(event.user) ? event.user : {};
  const impersonated = isUser(event.impersonatedUser) ? event.impersonatedUser : null;
  const effective = impersonated ?? authenticated;
  const username = typeof effective.username === 'string' ? effective.username : '';
  const groups = Array.isArray(effective.groups)
    ? effective.groups.filter((g): g is string => typeof g === 'string')
    : [];
  const anonymous = username === 'system:anonymous' || groups.includes('system:unauthenticated');
  let saNamespace: string | null = null;
  let saName: string | null = null;
  if (username.startsWith(SA_PREFIX)) {
    const rest = username.slice(SA_PREFIX.length);
    const colon = rest.indexOf(':');
    if (colon > 0) {
      saNamespace = rest.slice(0, colon);
      saName = rest.slice(colon + 1);
    }
  }
  // The token's pod is recorded on the authenticated identity, not the impersonated one.
  const extra = authenticated.extra ?? {};
  return {
    username,
    groups,
    authenticatedUsername: typeof authenticated.username === 'string' ? authenticated.username : '',
    impersonated: impersonated !== null,
    anonymous,
    type: actorType(username, anonymous, saNamespace, saName),
    serviceAccountNamespace: saNamespace,
    serviceAccountName: saName,
    podName: firstExtra(extra, 'authentication.kubernetes.io/pod-name'),
    nodeName: firstExtra(extra, 'authentication.kubernetes.io/node-name'),
  };
}

function actorType(
  username: string,
  anonymous: boolean,
  saNamespace: string | null,
  saName: string | null,
): ActorFacts['type'] {
  if (anonymous) return 'anonymous';
  if (username.startsWith('system:node:')) return 'node';
  if (
    username === 'system:kube-controller-manager' ||
    username === 'system:kube-scheduler' ||
    (saNamespace === 'kube-system' && saName !== null && saName.endsWith('-controller'))
  )
    return 'controller';
  if (saNamespace !== null) return 'serviceaccount';
  if (username.startsWith('system:')) return 'system';
  return 'user';
}

function firstExtra(extra: unknown, key: string): string | null {
  if (extra === null || typeof extra !== 'object') return null;
  const v = (extra as Record<string, unknown>)[key];
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : null;
}

function isUser(value: unknown): value is AuditUser {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
