import type { AuditEvent } from '../../src/schema/audit-event.js';

/**
 * The reference Elastic query (../shared/reference/elastic-query.eql) as its authors meant it:
 * regexes found anywhere in the message, case-insensitive. Written out by hand for the
 * comparison in docs/comparison.md; the real EQL engine arrives with `validate`.
 *
 * `message` is the event as the API server wrote it: Go's encoder escapes <, > and & as
 * \u003c, \u003e and \u0026, which is why `bash -i >& /dev/tcp` never appears verbatim.
 */
const IMAGES =
  /(alpine|busybox|ubuntu|debian|kali|python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget)/i;
const SHELLS = /(bash -i|\/dev\/tcp|mkfifo|socat|base64 -d|chmod \+x)/i;
const PRIVILEGED = /privileged.*true/i;
const HOST_NETWORK = /hostNetwork.*true/i;
const HOST_FILES = /\/var\/run\/docker\.sock|\/proc|\/sys/i;

export function goJson(event: unknown): string {
  return JSON.stringify(event)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

export function referenceQueryMatches(event: AuditEvent): boolean {
  const resource = event.objectRef?.resource?.toLowerCase();
  if (resource !== 'cronjobs' && resource !== 'jobs') return false;
  if (!['create', 'update', 'patch'].includes(event.verb?.toLowerCase() ?? '')) return false;
  const message = goJson(event);
  return (
    IMAGES.test(message) ||
    SHELLS.test(message) ||
    message.toLowerCase().includes('hostpath') ||
    PRIVILEGED.test(message) ||
    HOST_NETWORK.test(message) ||
    HOST_FILES.test(message)
  );
}
