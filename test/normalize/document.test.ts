import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/index.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';
import { loadRulePaths } from '../../src/sigma/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the rule document', () => {
  const event = {
    kind: 'Event',
    auditID: 'd1',
    stage: 'ResponseComplete',
    verb: 'get',
    user: { username: 'alice' },
    objectRef: { resource: 'configmaps', namespace: 'default', name: 'x' },
    'workload.kind': 'CronJob',
    'workload.scheduleIntervalSeconds': 60,
    'actor.type': 'controller',
    'action.subresource': 'ephemeralcontainers',
    'annotations.note': 'kept',
  } as AuditEvent;

  it('leaves out event keys that a dotted path would read as derived facts', () => {
    const { document } = normalize(event);
    for (const key of [
      'workload.kind',
      'workload.scheduleIntervalSeconds',
      'actor.type',
      'action.subresource',
    ])
      expect(Object.hasOwn(document, key), key).toBe(false);
    expect(document['annotations.note']).toBe('kept');
    expect(document.workload).toBeUndefined();
    expect((document.actor as { type: string }).type).toBe('user');
    // The event itself is not changed.
    expect(event['workload.kind' as keyof AuditEvent]).toBe('CronJob');
  });

  it('so no rule matches a read that spells a CronJob in its keys', () => {
    const { ruleSet } = loadRulePaths([join(ROOT, 'rules')], { strict: true });
    // Without `actor.type`, which would also have excused it as a controller's.
    const read = Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'actor.type'));
    expect(ruleSet.test(normalize(read as AuditEvent).document)).toEqual([]);
  });
});
