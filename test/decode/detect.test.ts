import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/decode/detect.js';
import { auditEvent } from './samples.js';

describe('detectFormat', () => {
  it.each([
    ['a native event', auditEvent(), 'native'],
    ['an EventList', { kind: 'EventList', items: [] }, 'native'],
    ['an array of events', [auditEvent()], 'native'],
    ['a GKE LogEntry', { protoPayload: { methodName: 'io.k8s.core.v1.pods.create' } }, 'gke'],
    ['an AKS batch', { records: [] }, 'aks'],
    ['an AKS record', { category: 'kube-audit', properties: { log: '{}' } }, 'aks'],
    ['an AzureDiagnostics row', { Category: 'kube-audit', log_s: '{}' }, 'aks'],
    ['an AKSAudit row', { AuditId: 'a', Verb: 'get', Type: 'AKSAudit' }, 'aks'],
    [
      'a CloudWatch record',
      { timestamp: 1, message: '{}', logStreamName: 'kube-apiserver-audit-1' },
      'eks',
    ],
    ['filter-log-events output', { events: [{ message: '{}' }], searchedLogStreams: [] }, 'eks'],
    ['an empty filter-log-events page', { events: [], searchedLogStreams: [] }, 'eks'],
    ['a subscription payload', { messageType: 'DATA_MESSAGE', logEvents: [] }, 'eks'],
    [
      'a Filebeat document',
      { '@timestamp': 't', message: '{}', kubernetes: { audit: {} } },
      'elastic',
    ],
    ['a flattened document', { 'kubernetes.audit.verb': 'get' }, 'elastic'],
    ['a search response', { hits: { hits: [] } }, 'elastic'],
    ['a _bulk action line', { index: { _index: 'logs', _id: '1' } }, 'elastic'],
    ['an exported hit', { _index: 'logs', _source: {} }, 'elastic'],
  ])('detects %s', (_name, value, format) => {
    expect(detectFormat(value)).toBe(format);
  });

  it.each([
    ['an unrelated object', { foo: 1 }],
    ['a core/v1 Event', { kind: 'Event', apiVersion: 'v1', involvedObject: {} }],
    ['an application log line', { message: 'hello', level: 'info' }],
    ['a number', 3],
    ['null', null],
    ['an empty array', []],
  ])('detects nothing in %s', (_name, value) => {
    expect(detectFormat(value)).toBeNull();
  });
});
