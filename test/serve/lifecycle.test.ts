import { describe, expect, it } from 'vitest';
import { loadRulePaths } from '../../src/sigma/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { call } from './http.js';
import { allAlerts, chunks, detectionSet, EVENTS, eventList, startServer } from './helpers.js';
import { reference } from './reference.js';
import { BUILTIN_RULES_DIR } from '../../src/cli/builtin.js';
import { join } from 'node:path';

describe('shutdown', () => {
  it('flushes the engine and records what requests still waiting for their final stage raise', async () => {
    const server = await startServer();
    const { alert } = reference(EVENTS, EVENTS.length).alerts[0]!;
    const final = EVENTS.find(
      (e) => e.auditID === alert.auditID && e.stage === 'ResponseComplete',
    )!;
    // Its completion arrives marked as an earlier stage: the engine waits for a final one.
    const early = { ...final, stage: 'RequestReceived' };
    const res = await call(`${server.url}/audit/webhook`, { body: eventList([early]) });
    expect(res.json).toMatchObject({ processed: 1, alerts: 0 });
    await server.close();
    const store = openSqliteStore(server.storePath);
    try {
      expect((await allAlerts(store)).map((a) => a.auditID)).toEqual([alert.auditID]);
    } finally {
      await store.close();
    }
    expect((await call(`${server.url}/readyz`).catch(() => null))?.status ?? 'closed').toBe(
      'closed',
    );
  });
});

describe('reload', () => {
  it('swaps the rules between batches and keeps following earlier alerts', async () => {
    const server = await startServer();
    const ref = reference(EVENTS, 40);
    const batches = chunks(EVENTS, 40).map(eventList);
    const half = batches.length >> 1;
    for (const batch of batches.slice(0, half))
      expect((await call(`${server.url}/audit/webhook`, { body: batch })).status).toBe(200);
    const only = loadRulePaths(
      [join(BUILTIN_RULES_DIR, 'kubernetes/audit/cronjob_reverse_shell_command.yml')],
      { strict: true },
    ).ruleSet;
    server.setDetection({ ...detectionSet(), ruleSet: only });
    for (const batch of batches.slice(half))
      expect((await call(`${server.url}/audit/webhook`, { body: batch })).status).toBe(200);
    const stored = new Set((await allAlerts(server.store)).map((a) => a.id));
    for (const { alert, batch } of ref.alerts) {
      const reverseShell = alert.matches.some((m) => m.ruleId === only.rules[0]!.id);
      if (batch < half) expect(stored.has(alert.id)).toBe(true);
      else if (!reverseShell) expect(stored.has(alert.id), alert.title).toBe(false);
      // Follow-ups after the reload still reach alerts raised before it.
      if (batch < half)
        expect((await server.store.getAlert(alert.id))?.relatedCount, alert.id).toBe(
          alert.relatedCount,
        );
    }
    expect(
      server.logs.some((l) => l.msg === 'detection rules reloaded into the audit pipeline'),
    ).toBe(true);
    await server.close();
  });
});
