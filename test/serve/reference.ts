import type { Alert } from '../../src/alert/types.js';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';
import { chunks, ruleSet } from './helpers.js';

/**
 * What the server should store for batches of `size` events: an in-process engine fed the same
 * events, with each alert's batch and the batches its follow-ups came in.
 */
export function reference(events: readonly AuditEvent[], size: number) {
  const engine = new DetectionEngine(ruleSet, [], [], { trackLinks: true });
  const alerts: { alert: Alert; batch: number }[] = [];
  const followUpBatches = new Map<string, number[]>();
  chunks(events, size).forEach((batch, b) => {
    batch.forEach((event, i) => {
      const source = {
        kind: 'event' as const,
        event,
        file: 'ref',
        line: b,
        format: 'native' as const,
        path: `$.items[${i}]`,
      };
      for (const r of engine.process(source)) alerts.push({ alert: r.alert, batch: b });
    });
    for (const l of engine.takeLinked())
      followUpBatches.set(l.alertId, [...(followUpBatches.get(l.alertId) ?? []), b]);
  });
  return { alerts, followUpBatches };
}
