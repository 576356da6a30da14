import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { SourceEvent } from '../../src/source/types.js';
import { EVENTS, ruleSet } from './helpers.js';

const sources: SourceEvent[] = EVENTS.map((event, i) => ({
  kind: 'event',
  event,
  file: 'audit.log',
  line: i + 1,
  format: 'native',
}));

function run(trackLinks: boolean) {
  const engine = new DetectionEngine(ruleSet, [], [], { trackLinks });
  const alerts = sources.flatMap((s) => engine.process(s)).map((r) => r.alert);
  return { engine, alerts, linked: engine.takeLinked() };
}

describe('DetectionEngine link tracking (serve)', () => {
  it('reports every follow-up with its alert id and leaves the alerts as scan sees them', () => {
    const tracked = run(true);
    const plain = run(false);
    expect(tracked.alerts).toEqual(plain.alerts);
    expect(plain.linked).toEqual([]);
    expect(tracked.linked).toHaveLength(tracked.engine.stats.linkedFollowUps);
    for (const alert of tracked.alerts) {
      const mine = tracked.linked.filter((l) => l.alertId === alert.id);
      expect(mine.map((l) => l.event)).toEqual(alert.related);
      expect(mine).toHaveLength(alert.relatedCount);
      for (const l of mine) expect(l.source.event.auditID).toBe(l.event.auditID);
    }
    expect(tracked.engine.takeLinked()).toEqual([]);
  });

  it('keeps de-duplication and follow-up state across replaceDetection', () => {
    const engine = new DetectionEngine(ruleSet, [], [], { trackLinks: true });
    const half = sources.length >> 1;
    const before = sources.slice(0, half).flatMap((s) => engine.process(s));
    engine.takeLinked();
    engine.replaceDetection(ruleSet);
    // Re-delivered events are still known; later follow-ups still reach earlier alerts.
    expect(sources.slice(0, half).flatMap((s) => engine.process(s))).toEqual([]);
    sources.slice(half).forEach((s) => engine.process(s));
    const linkedToEarlier = engine
      .takeLinked()
      .filter((l) => before.some((r) => r.alert.id === l.alertId));
    const reference = run(true).linked.filter(
      (l) => l.source.line > half && before.some((r) => r.alert.id === l.alertId),
    );
    expect(linkedToEarlier.map((l) => l.event)).toEqual(reference.map((l) => l.event));
  });
});
