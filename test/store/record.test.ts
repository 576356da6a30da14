import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR } from '../../src/cli/builtin.js';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';
import { loadRulePaths } from '../../src/sigma/index.js';
import { alert, followUp, tempStore, withRelated } from './helpers.js';

describe('recordBatch', () => {
  it('is idempotent: the same batch twice stores each alert once', async () => {
    const { store } = tempStore();
    const batch = { alerts: [alert(1), alert(2), alert(3)] };
    expect(await store.recordBatch(batch)).toMatchObject({ inserted: 3, duplicates: 0 });
    expect(await store.recordBatch(batch)).toMatchObject({ inserted: 0, duplicates: 3 });
    expect((await store.listAlerts()).alerts.map((a) => a.id)).toEqual(
      [3, 2, 1].map((n) => alert(n).id),
    );
    await store.close();
  });

  it('stores only the new alerts of a partially overlapping batch', async () => {
    const { store } = tempStore();
    await store.recordBatch({ alerts: [alert(1), alert(2)] });
    expect(await store.recordBatch({ alerts: [alert(2), alert(3), alert(4)] })).toMatchObject({
      inserted: 2,
      duplicates: 1,
    });
    expect((await store.stats()).alerts).toBe(4);
    await store.close();
  });

  it('recognizes a duplicate by auditID even under another id', async () => {
    const { store } = tempStore();
    await store.recordBatch({ alerts: [alert(1)] });
    const again = { ...alert(1), id: 'cw-ffffffffffffffffffff' };
    expect(await store.recordBatch({ alerts: [again] })).toMatchObject({ duplicates: 1 });
    expect(await store.getAlert(again.id)).toBeNull();
    await store.close();
  });

  it('keeps alerts without an auditID idempotent by id', async () => {
    const { store } = tempStore();
    const a = alert(1, { auditID: null });
    await store.recordBatch({ alerts: [a, alert(2, { auditID: null })] });
    expect(await store.recordBatch({ alerts: [a] })).toMatchObject({ inserted: 0, duplicates: 1 });
    expect((await store.stats()).alerts).toBe(2);
    await store.close();
  });

  it('appends a follow-up arriving in a later batch to the alert of an earlier one', async () => {
    const { store } = tempStore();
    await store.recordBatch({ alerts: [withRelated(alert(1), [followUp(1, 1)])] });
    const later = await store.recordBatch({
      alerts: [alert(2)],
      followUps: [
        { alertId: alert(1).id, event: followUp(1, 2) },
        { alertId: alert(1).id, event: followUp(1, 1) }, // already stored with the alert
        { alertId: 'cw-00000000000000000999', event: followUp(999, 1) },
      ],
    });
    expect(later).toMatchObject({
      followUpsInserted: 1,
      followUpsDuplicate: 1,
      followUpsOrphaned: 1,
    });
    const stored = await store.getAlert(alert(1).id);
    expect(stored?.relatedCount).toBe(2);
    expect(stored?.related).toEqual([followUp(1, 1), followUp(1, 2)]);
    // Re-delivering the later batch does not count the follow-up twice.
    await store.recordBatch({
      alerts: [],
      followUps: [{ alertId: alert(1).id, event: followUp(1, 2) }],
    });
    expect((await store.getAlert(alert(1).id))?.relatedCount).toBe(2);
    await store.close();
  });

  it('keeps relatedCount right when the engine counted more follow-ups than it listed', async () => {
    const { store } = tempStore();
    const listed = Array.from({ length: 100 }, (_, k) => followUp(1, k));
    await store.recordBatch({ alerts: [withRelated(alert(1), listed, 130)] });
    await store.recordBatch({
      alerts: [],
      followUps: [{ alertId: alert(1).id, event: followUp(1, 500) }],
    });
    const stored = await store.getAlert(alert(1).id);
    expect(stored?.relatedCount).toBe(131);
    expect(stored?.related).toHaveLength(100);
    expect(stored?.related[0]).toEqual(followUp(1, 0));
    await store.close();
  });

  it('merges follow-ups a re-delivered alert carries, keyed by source when there is no auditID', async () => {
    const { store } = tempStore();
    const noId = followUp(1, 3, null);
    await store.recordBatch({ alerts: [withRelated(alert(1), [followUp(1, 1)])] });
    const again = withRelated(alert(1), [followUp(1, 1), followUp(1, 2), noId]);
    expect(await store.recordBatch({ alerts: [again, again] })).toMatchObject({
      duplicates: 2,
      followUpsInserted: 2,
      followUpsDuplicate: 4,
    });
    expect((await store.getAlert(alert(1).id))?.relatedCount).toBe(3);
    await store.close();
  });

  it('keeps raw events of stored alerts and follow-ups, cut at the cap', async () => {
    const { store } = tempStore({ maxRawEventBytes: 64 });
    const big = { auditID: 'fu-1-1', note: 'é'.repeat(100) };
    const result = await store.recordBatch({
      alerts: [withRelated(alert(1), [followUp(1, 1)])],
      rawEvents: [
        { auditID: 'audit-1', event: { auditID: 'audit-1', verb: 'create' } },
        { auditID: 'fu-1-1', event: big },
        { auditID: 'unrelated', event: '{}' },
      ],
    });
    expect(result).toMatchObject({
      rawEventsStored: 2,
      rawEventsTruncated: 1,
      rawEventsSkipped: 1,
    });
    const raw = await store.getRawEvents(alert(1).id);
    expect(raw[0]).toEqual({
      auditID: 'audit-1',
      alertId: alert(1).id,
      bytes: 37,
      truncated: false,
      event: '{"auditID":"audit-1","verb":"create"}',
    });
    expect(raw[1]).toMatchObject({
      auditID: 'fu-1-1',
      truncated: true,
      bytes: JSON.stringify(big).length + 100,
    });
    expect(Buffer.byteLength(raw[1]!.event)).toBeLessThanOrEqual(64);
    expect(raw[1]!.event).not.toContain('\ufffd');
    await store.close();
  });

  it('records all of a batch or nothing', async () => {
    const { store } = tempStore();
    const bad = { ...alert(2), severity: 'severe' } as unknown as ReturnType<typeof alert>;
    await expect(store.recordBatch({ alerts: [alert(1), bad] })).rejects.toThrow(
      /unknown severity/,
    );
    expect((await store.stats()).alerts).toBe(0);
    await store.close();
  });

  it('gives back exactly the alerts the engine raised, plus their triage state', async () => {
    const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });
    const engine = new DetectionEngine(ruleSet);
    const lines = readFileSync(new URL('../../examples/audit-log.jsonl', import.meta.url), 'utf8')
      .trimEnd()
      .split('\n');
    const raised = lines.flatMap((text, i) =>
      engine.process({
        kind: 'event',
        event: JSON.parse(text) as AuditEvent,
        file: 'audit-log.jsonl',
        line: i + 1,
        format: 'native',
      }),
    );
    raised.push(...engine.flush());
    const alerts = raised.map((r) => r.alert);
    expect(alerts.length).toBeGreaterThan(3);
    const { store } = tempStore();
    await store.recordBatch({ alerts });
    for (const a of alerts) {
      const stored = await store.getAlert(a.id);
      expect(stored).toEqual({
        ...a,
        status: 'new',
        triage: { status: 'new', by: null, at: null, comment: null },
        triageHistory: [],
      });
      expect(Object.keys(stored!).slice(0, Object.keys(a).length)).toEqual(Object.keys(a));
    }
    await store.close();
  });
});
