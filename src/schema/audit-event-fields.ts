/**
 * The field paths of a Kubernetes `audit.k8s.io/v1` Event. Rules may use any field (events
 * vary), but a field outside this schema is usually a typo, so `rules check --unknown-fields`
 * lists them. Paths under an open prefix (request bodies, annotations, extra) are always known.
 */
const EXACT = new Set([
  'kind',
  'apiVersion',
  'level',
  'auditID',
  'stage',
  'requestURI',
  'verb',
  'user',
  'user.username',
  'user.uid',
  'user.groups',
  'user.extra',
  'impersonatedUser',
  'impersonatedUser.username',
  'impersonatedUser.uid',
  'impersonatedUser.groups',
  'impersonatedUser.extra',
  'sourceIPs',
  'userAgent',
  'objectRef',
  'objectRef.resource',
  'objectRef.namespace',
  'objectRef.name',
  'objectRef.uid',
  'objectRef.apiGroup',
  'objectRef.apiVersion',
  'objectRef.resourceVersion',
  'objectRef.subresource',
  'responseStatus',
  'responseStatus.metadata',
  'responseStatus.status',
  'responseStatus.message',
  'responseStatus.reason',
  'responseStatus.details',
  'responseStatus.code',
  'requestObject',
  'responseObject',
  'requestReceivedTimestamp',
  'stageTimestamp',
  'annotations',
]);

const OPEN_PREFIXES = [
  'requestObject.',
  'responseObject.',
  'annotations.',
  'user.extra.',
  'impersonatedUser.extra.',
  'responseStatus.details.',
  'responseStatus.metadata.',
];

export function isKnownAuditField(path: string): boolean {
  return EXACT.has(path) || OPEN_PREFIXES.some((p) => path.startsWith(p));
}
