import { describe, expect, it } from 'vitest';
import { decodeAuditValue } from '../../src/decode/dispatch.js';
import { AT, auditEvent } from './samples.js';

const eksRecord = {
  timestamp: 1,
  logStreamName: 'kube-apiserver-audit-1',
  message: JSON.stringify(auditEvent()),
};

describe('decodeAuditValue', () => {
  it('detects the format of each value, so a mixed array still reads', () => {
    const result = decodeAuditValue([auditEvent(), eksRecord], AT);
    expect(result.events.map((e) => [e.format, e.path])).toEqual([
      ['native', '$[0]'],
      ['eks', '$[1].message'],
    ]);
    expect(result.format).toBe('native');
  });

  it('reports a value of another format under a forced format, naming the one it looks like', () => {
    const result = decodeAuditValue(eksRecord, AT, 'gke');
    expect(result.events).toEqual([]);
    expect(result.problems[0]!.reason).toMatch(
      /^not gke input \(an object with keys timestamp, logStreamName, message; expected a Cloud Logging LogEntry.*\); it looks like eks input: use --input-format eks or auto$/,
    );
    expect(result.format).toBe('gke');
    const native = decodeAuditValue({ records: [] }, AT, 'native');
    expect(native.problems[0]!.reason).toMatch(
      /^not a Kubernetes audit event .*; it looks like aks input: use --input-format aks or auto$/,
    );
  });

  it('reads a forced format element by element', () => {
    const result = decodeAuditValue([eksRecord, { foo: 1 }], AT, 'eks');
    expect(result.events).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: '$[1]', reason: expect.stringMatching(/^not eks input/) }),
    ]);
  });

  it('says what is accepted when nothing matches', () => {
    const result = decodeAuditValue({ foo: 1 }, AT);
    expect(result.format).toBeNull();
    expect(result.problems[0]!.reason).toBe(
      'not a Kubernetes audit event (an object with keys foo; expected an audit.k8s.io Event or EventList, or an EKS, GKE, AKS or Elastic export of one)',
    );
  });
});
