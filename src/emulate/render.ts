import type { AuditEvent } from '../schema/audit-event.js';
import { goJson } from '../schema/go-json.js';

export { goJson };

/** One event per line, byte for byte as the API server's log backend writes them. */
export function renderJsonl(events: AuditEvent[]): string {
  return events.map((e) => goJson(e) + '\n').join('');
}
