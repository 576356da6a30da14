import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './http.js';
import {
  allAlerts,
  chunks,
  detectionSet,
  EVENTS,
  eventList,
  startServer,
  type TestServer,
} from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'admission');
const review = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const REVERSE_SHELL = '331222d6-a787-40d4-8ddc-f0cde6895cfe';

let server: TestServer;
const admit = (body: string) => call(`${server.url}/admission/validate`, { body });

beforeAll(async () => {
  server = await startServer();
  for (const batch of chunks(EVENTS, 100).map(eventList))
    expect((await call(`${server.url}/audit/webhook`, { body: batch })).status).toBe(200);
});
afterAll(() => server.close());

describe('POST /admission/validate', () => {
  it('allows a benign CronJob and records nothing', async () => {
    const before = (await server.store.stats()).alerts;
    const res = await admit(review('cronjob-create-benign.json'));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ kind: 'AdmissionReview', response: { allowed: true } });
    expect((await server.store.stats()).alerts).toBe(before);
  });

  it('denies a reverse shell CronJob and stores its alert', async () => {
    const res = await admit(review('cronjob-create-reverse-shell.json'));
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({ allowed: false, status: { code: 403 } });
    const alertId = res.json.response.auditAnnotations.alert as string;
    const stored = await call(`${server.url}/api/alerts/${alertId}`);
    expect(stored.status).toBe(200);
    expect(stored.json.matches.map((m: { ruleId: string }) => m.ruleId)).toContain(REVERSE_SHELL);
  });

  it('never denies a dry run, nor records its alert', async () => {
    const before = (await server.store.stats()).alerts;
    const res = await admit(review('cronjob-create-dry-run.json'));
    expect(res.status).toBe(200);
    expect(res.json.response.allowed).toBe(true);
    expect(res.json.response.warnings.join(' ')).toMatch(/dry run/);
    expect((await server.store.stats()).alerts).toBe(before);
  });

  it('answers 400 with the JSON path of a bad review, 500 on an internal fault', async () => {
    const bad = JSON.parse(review('cronjob-create-benign.json'));
    bad.request.userInfo.groups = [7];
    const res = await admit(JSON.stringify(bad));
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('$.request.userInfo.groups[0]');
    const set = detectionSet();
    set.admission.evaluateJson = () => {
      throw new Error('rule engine exploded');
    };
    server.setDetection(set);
    try {
      const fault = await admit(review('cronjob-create-benign.json'));
      expect(fault.status).toBe(500);
      expect(fault.text).not.toContain('exploded');
    } finally {
      server.setDetection(detectionSet());
    }
  });
});

describe('GET /api/alerts', () => {
  const list = async (query: string) => {
    const res = await call(`${server.url}/api/alerts${query}`);
    expect(res.status, res.text).toBe(200);
    return res.json.alerts as {
      id: string;
      severity: string;
      time: string;
      object: { namespace: string };
      matches: { ruleId: string }[];
      status: string;
    }[];
  };

  it('lists newest first and filters', async () => {
    const all = await list('?limit=1000');
    expect(all.length).toBe((await allAlerts(server.store)).length);
    const times = all.map((a) => a.time);
    expect([...times].sort().reverse()).toEqual(times);
    const high = await list('?severity=high&limit=1000');
    expect(high.length).toBeGreaterThan(0);
    expect(high.every((a) => a.severity === 'high' || a.severity === 'critical')).toBe(true);
    expect(high.length).toBeLessThan(all.length);
    const ns = all[0]!.object.namespace;
    expect((await list(`?namespace=${ns}`)).every((a) => a.object.namespace === ns)).toBe(true);
    const byRule = await list(`?rule=${REVERSE_SHELL}`);
    expect(byRule.length).toBeGreaterThan(0);
    expect(byRule.every((a) => a.matches.some((m) => m.ruleId === REVERSE_SHELL))).toBe(true);
    expect((await list('?status=new&limit=1000')).length).toBe(all.length);
    expect(await list('?status=resolved')).toEqual([]);
    expect(await list('?limit=2')).toHaveLength(2);
    const since = all[2]!.time;
    expect((await list(`?since=${since}&limit=1000`)).every((a) => a.time >= since)).toBe(true);
  });

  it('answers 400 on a bad filter and 404 on an unknown id', async () => {
    for (const q of [
      '?severity=urgent',
      '?limit=0',
      '?limit=x',
      '?since=yesterday',
      '?status=open',
      '?colour=red',
    ])
      expect((await call(`${server.url}/api/alerts${q}`)).status, q).toBe(400);
    const missing = await call(`${server.url}/api/alerts/cw-00000000000000000000`);
    expect(missing.status).toBe(404);
  });
});

describe('health and metrics', () => {
  it('reports liveness, readiness and shutdown', async () => {
    expect((await call(`${server.url}/healthz`)).status).toBe(200);
    expect((await call(`${server.url}/readyz`)).status).toBe(200);
    server.setReady(false);
    expect((await call(`${server.url}/readyz`)).status).toBe(503);
    server.setReady(true);
    expect((await call(`${server.url}/readyz`)).status).toBe(200);
  });

  it('exposes the counters on its own registry', async () => {
    const text = (await call(`${server.url}/metrics`)).text;
    const value = (line: string) => {
      const found = text.split('\n').find((l) => l.startsWith(`${line} `));
      return found === undefined ? undefined : Number(found.slice(line.length + 1));
    };
    expect(value('cronwarden_audit_events_received_total')).toBe(EVENTS.length);
    expect(value('cronwarden_audit_events_processed_total')).toBe(EVENTS.length);
    const auditAlerts = (await allAlerts(server.store)).length - 1; // one came from admission
    const bySeverity = text
      .split('\n')
      .filter((l) => l.startsWith('cronwarden_alerts_total{source="audit"'))
      .reduce((sum, l) => sum + Number(l.split(' ')[1]), 0);
    expect(bySeverity).toBe(auditAlerts);
    expect(value('cronwarden_admission_decisions_total{decision="deny"}')).toBe(1);
    expect(value('cronwarden_admission_decisions_total{decision="allow"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(value('cronwarden_admission_decisions_total{decision="error"}')).toBe(1);
    expect(value(`cronwarden_alert_rule_matches_total{rule="${REVERSE_SHELL}"}`)).toBeGreaterThan(
      0,
    );
    expect(value('cronwarden_sink_queue_depth{sink="file"}')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/cronwarden_evaluation_duration_seconds_count\{endpoint="audit"\} \d+/);
    expect(text).toMatch(
      /cronwarden_evaluation_duration_seconds_count\{endpoint="admission"\} \d+/,
    );
    expect(text).not.toMatch(/process_cpu/);
  });
});
