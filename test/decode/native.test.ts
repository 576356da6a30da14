import { describe, expect, it } from 'vitest';
import { fromNative, isAuditEvent } from '../../src/decode/native.js';
import { AT, auditEvent } from './samples.js';

describe('isAuditEvent', () => {
  it('accepts kind Event of audit.k8s.io, or auditID + verb + stage without type fields', () => {
    expect(isAuditEvent({ kind: 'Event', apiVersion: 'audit.k8s.io/v1' })).toBe(true);
    expect(isAuditEvent({ kind: 'Event', apiVersion: 'audit.k8s.io/v1beta1' })).toBe(true);
    expect(isAuditEvent({ auditID: 'a', verb: 'get', stage: 'ResponseComplete' })).toBe(true);
  });

  it('rejects other JSON, including core/v1 Events', () => {
    expect(isAuditEvent({ foo: 1 })).toBe(false);
    expect(isAuditEvent({ kind: 'Event', apiVersion: 'v1', involvedObject: {} })).toBe(false);
    expect(isAuditEvent({ auditID: 'a', verb: 'get' })).toBe(false);
    expect(isAuditEvent([auditEvent()])).toBe(false);
    expect(isAuditEvent(42)).toBe(false);
  });
});

describe('fromNative', () => {
  it('keeps a single event as it is, without a path', () => {
    const event = auditEvent();
    expect(fromNative(event, AT)).toEqual({
      events: [{ kind: 'event', file: 'audit.json', line: 7, event, format: 'native' }],
      problems: [],
      skipped: [],
    });
  });

  it('unwraps an EventList and an array, with the JSON path of each event', () => {
    const list = {
      kind: 'EventList',
      apiVersion: 'audit.k8s.io/v1',
      items: [auditEvent(), { foo: 1 }, auditEvent()],
    };
    const result = fromNative(list, AT);
    expect(result.events.map((e) => e.path)).toEqual(['$.items[0]', '$.items[2]']);
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 7,
        path: '$.items[1]',
        reason: expect.stringContaining('not a Kubernetes audit event (an object with keys foo'),
      }),
    ]);
    expect(fromNative([auditEvent(), auditEvent()], AT).events.map((e) => e.path)).toEqual([
      '$[0]',
      '$[1]',
    ]);
  });

  it('says what is expected for non-audit JSON, and names a core/v1 Event', () => {
    expect(fromNative(3, AT).problems[0]!.reason).toMatch(
      /^not a Kubernetes audit event \(a number; expected an audit\.k8s\.io Event/,
    );
    const core = {
      kind: 'Event',
      apiVersion: 'v1',
      involvedObject: { kind: 'Pod' },
      reason: 'Pulled',
    };
    expect(fromNative(core, AT).problems[0]!.reason).toContain('core/v1 Event');
  });
});
