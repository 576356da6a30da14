import type { AuditEvent } from '../schema/audit-event.js';

// Go's encoding/json escapes these even inside strings, so a real audit log never holds a raw
// `<`, `>` or `&`: `bash -i >& /dev/tcp/…` is logged as `bash -i \u003e\u0026 /dev/tcp/…`.
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** One event per line, byte for byte as the API server's log backend writes them. */
export function renderJsonl(events: AuditEvent[]): string {
  return events.map((e) => goJson(e) + '\n').join('');
}

/** JSON.stringify with Go's HTML-safe escaping; the characters only ever occur in strings. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!);
}
