import { describe, expect, it } from 'vitest';
import { buildAuditEvents } from '../../src/emulate/build-events.js';
import { scenarioById } from '../../src/emulate/catalogue/index.js';
import { tempFiles } from '../helpers/temp-files.js';
import { call } from './http.js';
import { allAlerts, eventList, startServer } from './helpers.js';

const EVENTS = buildAuditEvents([scenarioById('seed-reverse-shell-cronjob')]);
// The CronJob's creation first; the Jobs and Pods its controllers make come after a restart.
const split = EVENTS.findIndex(
  (e) =>
    e.objectRef?.resource !== 'cronjobs' &&
    e.user?.username?.startsWith('system:serviceaccount:kube-system'),
);
const BEFORE = EVENTS.slice(0, split);
const AFTER = EVENTS.slice(split);

async function post(url: string, events: unknown[]) {
  const res = await call(`${url}/audit/webhook`, { body: eventList(events) });
  expect(res.status, res.text).toBe(200);
}

describe('a restart', () => {
  it('links the Jobs and Pods of a CronJob alerted before it, as one uninterrupted run does', async () => {
    expect(split).toBeGreaterThan(0);
    expect(AFTER.length).toBeGreaterThan(2);
    const straight = await startServer();
    await post(straight.url, BEFORE);
    await post(straight.url, AFTER);
    const expected = await allAlerts(straight.store);
    await straight.close();

    const storePath = `${tempFiles('cw-restart-').dir}/alerts.db`;
    const first = await startServer({ storePath });
    await post(first.url, BEFORE);
    await first.close();
    const second = await startServer({ storePath });
    await post(second.url, AFTER);
    const alerts = await allAlerts(second.store);
    expect(alerts.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    const [parent] = alerts;
    expect(parent!.relatedCount).toBe(expected[0]!.relatedCount);
    expect(parent!.relatedCount).toBeGreaterThan(0);
    await second.close();
  });
});
