import { describe, expect, it } from 'vitest';
import { fromElastic } from '../../src/decode/elastic.js';
import { positions, readPaths } from '../source/collect.js';
import { AT, auditEvent } from './samples.js';

const FIXTURE = 'test/fixtures/inputs/elastic-filebeat.ndjson';

describe('Elastic (Filebeat / Elastic Agent) documents', () => {
  it('reads nested and flattened documents, skips _bulk action lines, reports documents without an event', async () => {
    const items = await readPaths([FIXTURE]);
    expect(positions(items)).toEqual(['event@1', 'event@3', 'problem@4 $._source']);
    expect(items[2]).toMatchObject({
      reason:
        'Elastic document holds no Kubernetes audit event: it has no kubernetes.audit fields, and no message holds one',
    });
    expect(items.at(-1)).toMatchObject({
      kind: 'file-done',
      format: 'elastic',
      events: 2,
      problems: 1,
    });
  });

  it('restores the dots the integration replaced in annotation keys', async () => {
    const [nested] = await readPaths([FIXTURE]);
    if (nested?.kind !== 'event') throw new Error('expected an event');
    expect(nested.event.annotations).toEqual({
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed',
    });
    expect(nested.event.stageTimestamp).toBe('2026-03-02T09:14:05.138007Z');
  });

  it('rebuilds the event from flattened kubernetes.audit.* keys, timed by @timestamp when it has no time', async () => {
    const flat = (await readPaths([FIXTURE]))[1];
    if (flat?.kind !== 'event') throw new Error('expected an event');
    expect(flat.event).toEqual({
      auditID: 'f0e1d2c3-b4a5-4968-8776-655443322110',
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      stage: 'ResponseComplete',
      verb: 'delete',
      objectRef: {
        resource: 'cronjobs',
        namespace: 'kube-system',
        name: 'log-rotate',
        apiGroup: 'batch',
      },
      user: { username: 'jane' },
      annotations: { 'authorization.k8s.io/decision': 'allow' },
      stageTimestamp: '2026-03-02T09:20:00.000Z',
    });
  });

  it('merges nested and dotted keys, keeping annotation keys whole', () => {
    const doc = {
      kubernetes: {
        audit: { auditID: 'a', verb: 'create', objectRef: { resource: 'jobs' } },
        'audit.stage': 'ResponseComplete',
      },
      'kubernetes.audit.objectRef.namespace': 'ops',
      'kubernetes.audit.annotations.pod-security.kubernetes.io/enforce-policy': 'privileged:latest',
    };
    expect(fromElastic(doc, AT).events[0]!.event).toEqual({
      auditID: 'a',
      verb: 'create',
      stage: 'ResponseComplete',
      objectRef: { resource: 'jobs', namespace: 'ops' },
      annotations: { 'pod-security.kubernetes.io/enforce-policy': 'privileged:latest' },
    });
    expect(doc.kubernetes.audit.objectRef).toEqual({ resource: 'jobs' });
  });

  it('prefers the original event text, which keeps the metadata the integration drops', () => {
    const original = auditEvent({ auditID: 'o' });
    const doc = {
      '@timestamp': '2026-03-02T09:14:06Z',
      kubernetes: { audit: { ...original, requestObject: { kind: 'CronJob', spec: {} } } },
      event: { original: JSON.stringify(original) },
    };
    const [event] = fromElastic(doc, AT).events;
    expect(event).toMatchObject({ path: '$.event.original', event: original });
    const viaMessage = fromElastic(
      { message: JSON.stringify(original), kubernetes: { audit: { auditID: 'o' } } },
      AT,
    );
    expect(viaMessage.events[0]).toMatchObject({ path: '$.message', event: original });
  });

  it('reads an Elasticsearch search response, hit by hit', () => {
    const response = {
      took: 3,
      timed_out: false,
      hits: {
        total: { value: 3, relation: 'eq' },
        hits: [
          {
            _index: 'logs',
            _id: '1',
            _source: { kubernetes: { audit: auditEvent({ auditID: '1' }) } },
          },
          { _index: 'logs', _id: '2' },
          {
            _index: 'logs',
            _id: '3',
            _source: { kubernetes: { audit: auditEvent({ auditID: '3' }) } },
          },
        ],
      },
    };
    const result = fromElastic(response, AT);
    expect(result.events.map((e) => [e.path, e.event.auditID])).toEqual([
      ['$.hits.hits[0]._source', '1'],
      ['$.hits.hits[2]._source', '3'],
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: '$.hits.hits[1]',
        reason: 'Elasticsearch hit has no _source: search with _source enabled',
      }),
    ]);
  });

  it('reads the document of a _bulk update action', () => {
    const result = fromElastic({ doc: { kubernetes: { audit: auditEvent() } } }, AT);
    expect(result.events[0]).toMatchObject({ path: '$.doc', format: 'elastic' });
  });
});
