import { describe, expect, it } from 'vitest';
import { StoreInputError } from '../../src/store/index.js';
import { alert, followUp, tempStore } from './helpers.js';

const T = (min: number) => new Date(Date.UTC(2026, 10, 2, 9, min)).toISOString();

async function seeded() {
  const { store } = tempStore({ clock: () => new Date(Date.UTC(2026, 10, 3)) });
  await store.recordBatch({
    alerts: [
      alert(1, { time: T(1), severity: 'low', namespace: 'dev', rules: ['r-shell'] }),
      alert(2, {
        time: T(5),
        severity: 'critical',
        namespace: 'prod',
        rules: ['r-miner', 'r-shell'],
      }),
      alert(3, { time: T(3), severity: 'medium', namespace: 'dev', rules: ['r-hostpath'] }),
    ],
  });
  // Same time as alert 2, recorded later: insertion order breaks the tie.
  await store.recordBatch({
    alerts: [
      alert(4, { time: T(5), severity: 'high', namespace: null, rules: ['r-miner'] }),
      alert(5, { time: null, severity: 'informational', namespace: 'dev', rules: ['r-other'] }),
    ],
  });
  return store;
}

const ids = (alerts: { id: string }[]) => alerts.map((a) => Number.parseInt(a.id.slice(3), 16));

describe('listAlerts', () => {
  it('lists newest first by alert time, then by insertion order (no time: when recorded)', async () => {
    const store = await seeded();
    const page = await store.listAlerts();
    expect(ids(page.alerts)).toEqual([5, 4, 2, 3, 1]);
    expect(page.nextCursor).toBeNull();
    expect(page.alerts[1]).toMatchObject({ status: 'new', severity: 'high' });
    await store.close();
  });

  it('filters by minimum severity, namespace, any of the rules, status and since', async () => {
    const store = await seeded();
    expect(ids((await store.listAlerts({ severity: 'high' })).alerts)).toEqual([4, 2]);
    expect(ids((await store.listAlerts({ namespace: 'dev' })).alerts)).toEqual([5, 3, 1]);
    expect(ids((await store.listAlerts({ rule: 'r-shell' })).alerts)).toEqual([2, 1]);
    expect(ids((await store.listAlerts({ rule: ['r-hostpath', 'r-miner'] })).alerts)).toEqual([
      4, 2, 3,
    ]);
    expect(ids((await store.listAlerts({ since: T(3) })).alerts)).toEqual([5, 4, 2, 3]);
    await store.setTriage(alert(2).id, { status: 'resolved', by: 'sam' });
    expect(ids((await store.listAlerts({ status: 'resolved' })).alerts)).toEqual([2]);
    expect(ids((await store.listAlerts({ status: ['new'], severity: 'medium' })).alerts)).toEqual([
      4, 3,
    ]);
    expect(
      ids((await store.listAlerts({ namespace: 'dev', rule: 'r-shell', since: T(0) })).alerts),
    ).toEqual([1]);
    await store.close();
  });

  it('pages with a cursor that stays stable while alerts arrive', async () => {
    const store = await seeded();
    const first = await store.listAlerts({ limit: 2 });
    expect(ids(first.alerts)).toEqual([5, 4]);
    expect(first.nextCursor).not.toBeNull();
    // A new alert between pages shows up on page one next time, not as a repeat on page two.
    await store.recordBatch({ alerts: [alert(6, { time: T(9) })] });
    const second = await store.listAlerts({ limit: 2, cursor: first.nextCursor! });
    expect(ids(second.alerts)).toEqual([2, 3]);
    const third = await store.listAlerts({ limit: 2, cursor: second.nextCursor! });
    expect(ids(third.alerts)).toEqual([1]);
    expect(third.nextCursor).toBeNull();
    const filtered = await store.listAlerts({ namespace: 'dev', limit: 1 });
    expect(
      ids(
        (await store.listAlerts({ namespace: 'dev', limit: 5, cursor: filtered.nextCursor! }))
          .alerts,
      ),
    ).toEqual([3, 1]);
    await store.close();
  });

  it('caps the limit and refuses invalid filters as input errors', async () => {
    const { store } = tempStore();
    await store.recordBatch({ alerts: Array.from({ length: 1005 }, (_, n) => alert(n)) });
    expect((await store.listAlerts()).alerts).toHaveLength(100);
    expect((await store.listAlerts({ limit: 5000 })).alerts).toHaveLength(1000);
    for (const bad of [
      { limit: 0 },
      { limit: 2.5 },
      { severity: 'severe' },
      { status: 'open' },
      { since: 'yesterday' },
      { cursor: 'not-a-cursor' },
    ])
      await expect(store.listAlerts(bad as never)).rejects.toBeInstanceOf(StoreInputError);
    await store.close();
  });

  it('returns the first 100 follow-ups of each listed alert with the full count', async () => {
    const { store } = tempStore();
    await store.recordBatch({ alerts: [alert(1), alert(2)] });
    await store.recordBatch({
      alerts: [],
      followUps: Array.from({ length: 120 }, (_, k) => ({
        alertId: alert(1).id,
        event: followUp(1, k),
      })),
    });
    const [a2, a1] = (await store.listAlerts()).alerts;
    expect(a1).toMatchObject({ relatedCount: 120 });
    expect(a1?.related).toHaveLength(100);
    expect(a1?.related[99]).toEqual(followUp(1, 99));
    expect(a2).toMatchObject({ relatedCount: 0, related: [] });
    await store.close();
  });
});
