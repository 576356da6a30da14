import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { alert, followUp, tempStore, withRelated } from './helpers.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30);
const daysAgo = (d: number) => new Date(NOW - d * DAY).toISOString();

describe('applyRetention', () => {
  it('removes alerts inactive for longer than maxAgeDays, with their follow-ups and raw events', async () => {
    const { store } = tempStore({ clock: () => new Date(NOW) });
    await store.recordBatch({
      alerts: [
        withRelated(alert(1, { time: daysAgo(40) }), [{ ...followUp(1, 1), time: daysAgo(39) }]),
        alert(2, { time: daysAgo(31) }),
        alert(3, { time: daysAgo(29) }),
        alert(4, { time: daysAgo(50) }),
      ],
      rawEvents: [{ auditID: 'audit-1', event: '{}' }],
    });
    // A follow-up yesterday keeps alert 4 (its CronJob is still running) alive.
    const recent = { ...followUp(4, 1), time: daysAgo(1) };
    await store.recordBatch({ alerts: [], followUps: [{ alertId: alert(4).id, event: recent }] });
    const removed = await store.applyRetention({ maxAgeDays: 30 });
    expect(removed).toMatchObject({ alerts: 2, byAge: 2, bySize: 0, followUps: 1, rawEvents: 1 });
    const left = (await store.listAlerts()).alerts.map((a) => a.id);
    expect(left.sort()).toEqual([alert(3).id, alert(4).id].sort());
    expect(await store.stats()).toMatchObject({ alerts: 2, followUps: 1, rawEvents: 0 });
    expect(await store.applyRetention({ maxAgeDays: 30 })).toMatchObject({ alerts: 0 });
    await store.close();
  });

  it('removes the oldest alerts until the data fits maxBytes, and gives the space back', async () => {
    const { store, path } = tempStore({ clock: () => new Date(NOW) });
    const padding = 'x'.repeat(2000);
    for (let b = 0; b < 10; b++)
      await store.recordBatch({
        alerts: Array.from({ length: 100 }, (_, k) => {
          const n = b * 100 + k;
          return {
            ...alert(n, { time: new Date(NOW - (1000 - n) * 60_000).toISOString() }),
            summary: padding,
          };
        }),
      });
    const before = (await store.stats()).bytes;
    expect(before).toBeGreaterThan(2_000_000);
    const limit = Math.floor(before / 2);
    const removed = await store.applyRetention({ maxBytes: limit });
    expect(removed.bySize).toBe(removed.alerts);
    expect(removed.alerts).toBeGreaterThan(400);
    expect(removed.alerts).toBeLessThan(700);
    expect(removed.bytesBefore).toBe(before);
    expect(removed.bytesAfter).toBeLessThanOrEqual(limit);
    expect((await store.stats()).bytes).toBe(removed.bytesAfter);
    // The oldest went; the newest stayed.
    expect(await store.getAlert(alert(0).id)).toBeNull();
    expect(await store.getAlert(alert(999).id)).not.toBeNull();
    const page = await store.listAlerts({ limit: 1000 });
    expect(page.alerts).toHaveLength(1000 - removed.alerts);
    await store.close();
    // After a checkpoint the file itself shrank, not just the count of used pages.
    const reopened = openSqliteStore(path);
    await reopened.close();
    expect(statSync(path).size).toBeLessThanOrEqual(limit);
  });

  it('empties the store when even one alert does not fit', async () => {
    const { store } = tempStore();
    await store.recordBatch({ alerts: [alert(1), alert(2)] });
    expect(await store.applyRetention({ maxBytes: 0 })).toMatchObject({ alerts: 2, bySize: 2 });
    expect((await store.stats()).alerts).toBe(0);
    await expect(store.applyRetention({ maxAgeDays: -1 })).rejects.toThrow(/maxAgeDays/);
    await store.close();
  });
});
