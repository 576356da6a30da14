import { describe, expect, it } from 'vitest';
import { StoreInputError } from '../../src/store/index.js';
import { alert, tempStore } from './helpers.js';

/** A clock the test sets: `clock.at(minute)` of 2026-11-02 12:00. */
function steppingClock() {
  let t = Date.UTC(2026, 10, 2, 12, 0);
  return Object.assign(() => new Date(t), {
    at(minute: number) {
      t = Date.UTC(2026, 10, 2, 12, minute);
    },
  });
}

describe('setTriage', () => {
  it('moves through statuses, keeping who, when and why for every change', async () => {
    const clock = steppingClock();
    const { store } = tempStore({ clock });
    await store.recordBatch({ alerts: [alert(1), alert(2)] });
    const id = alert(1).id;
    clock.at(1);
    const acked = await store.setTriage(id, {
      status: 'acknowledged',
      by: 'sam',
      comment: 'looking',
    });
    expect(acked).toMatchObject({
      status: 'acknowledged',
      triage: {
        status: 'acknowledged',
        by: 'sam',
        at: '2026-11-02T12:01:00.000Z',
        comment: 'looking',
      },
    });
    clock.at(2);
    await store.setTriage(id, { status: 'resolved', by: 'kim', comment: 'cronjob deleted' });
    // Reopened: a resolved alert can come back.
    clock.at(3);
    await store.setTriage(id, { status: 'new', by: 'sam' });
    clock.at(4);
    const final = await store.setTriage(id, {
      status: 'false-positive',
      by: 'kim',
      comment: 'drill',
    });
    expect(final?.triageHistory).toEqual([
      {
        from: 'new',
        to: 'acknowledged',
        by: 'sam',
        at: '2026-11-02T12:01:00.000Z',
        comment: 'looking',
      },
      {
        from: 'acknowledged',
        to: 'resolved',
        by: 'kim',
        at: '2026-11-02T12:02:00.000Z',
        comment: 'cronjob deleted',
      },
      { from: 'resolved', to: 'new', by: 'sam', at: '2026-11-02T12:03:00.000Z', comment: null },
      {
        from: 'new',
        to: 'false-positive',
        by: 'kim',
        at: '2026-11-02T12:04:00.000Z',
        comment: 'drill',
      },
    ]);
    expect((await store.getAlert(id))?.status).toBe('false-positive');
    expect((await store.getAlert(alert(2).id))?.triageHistory).toEqual([]);
    expect((await store.stats()).byStatus).toEqual({
      new: 1,
      acknowledged: 0,
      resolved: 0,
      'false-positive': 1,
    });
    await store.close();
  });

  it('keeps the triage of an alert that is delivered again', async () => {
    const { store } = tempStore({ clock: steppingClock() });
    await store.recordBatch({ alerts: [alert(1)] });
    await store.setTriage(alert(1).id, { status: 'resolved', by: 'sam' });
    await store.recordBatch({ alerts: [alert(1)] });
    expect((await store.getAlert(alert(1).id))?.status).toBe('resolved');
    await store.close();
  });

  it('answers null for an unknown alert and refuses invalid changes', async () => {
    const { store } = tempStore();
    await store.recordBatch({ alerts: [alert(1)] });
    expect(await store.setTriage('cw-nope', { status: 'resolved', by: 'sam' })).toBeNull();
    for (const bad of [
      { status: 'closed', by: 'sam' },
      { status: 'resolved', by: '' },
      { status: 'resolved', by: 'sam', comment: 'x'.repeat(10_001) },
    ])
      await expect(store.setTriage(alert(1).id, bad as never)).rejects.toBeInstanceOf(
        StoreInputError,
      );
    expect((await store.getAlert(alert(1).id))?.triageHistory).toEqual([]);
    await store.close();
  });
});
