import { describe, expect, it } from 'vitest';
import { fromEks } from '../../src/decode/eks.js';
import { positions, readPaths, readText } from '../source/collect.js';
import { AT, auditEvent } from './samples.js';

const FIXTURE = 'test/fixtures/inputs/eks-filter-log-events.json';

describe('EKS CloudWatch Logs exports', () => {
  it('reads `aws logs filter-log-events` output: audit messages, a cut-off one, other streams counted once', async () => {
    const items = await readPaths([FIXTURE]);
    expect(positions(items)).toEqual([
      'event@1 $.events[0].message',
      'problem@1 $.events[2].message',
      'event@1 $.events[3].message',
      'problem@1 $.events[1]',
    ]);
    const [first, cut, , others] = items;
    expect(first).toMatchObject({
      kind: 'event',
      format: 'eks',
      event: { verb: 'create', objectRef: { resource: 'cronjobs' } },
    });
    expect(cut).toMatchObject({
      reason: expect.stringMatching(
        /^EKS message is not JSON \(invalid JSON at column 121: Unterminated string\)$/,
      ),
    });
    expect(others).toMatchObject({
      reason:
        'EKS log stream authenticator-* is not the audit log (only kube-apiserver-audit-* streams hold audit events): skipped 2 such records, the first here',
    });
    expect(items.at(-1)).toMatchObject({
      kind: 'file-done',
      format: 'eks',
      events: 2,
      problems: 2,
    });
  });

  it('reads subscription (Firehose / Lambda) payloads and ignores control messages', () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '111122223333',
      logGroup: '/aws/eks/prod/cluster',
      logStream: 'kube-apiserver-audit-6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e',
      subscriptionFilters: ['to-firehose'],
      logEvents: [
        { id: '1', timestamp: 1, message: JSON.stringify(auditEvent({ auditID: 'a' })) },
        { id: '2', timestamp: 2, message: JSON.stringify(auditEvent({ auditID: 'b' })) },
      ],
    };
    const result = fromEks(payload, AT);
    expect(result.events.map((e) => [e.path, e.event.auditID])).toEqual([
      ['$.logEvents[0].message', 'a'],
      ['$.logEvents[1].message', 'b'],
    ]);
    expect(
      fromEks(
        { messageType: 'CONTROL_MESSAGE', logEvents: [{ message: 'CWL CONTROL MESSAGE' }] },
        AT,
      ),
    ).toEqual({
      events: [],
      problems: [],
      skipped: [],
    });
    const otherStream = fromEks(
      { ...payload, logStream: 'kube-apiserver-6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e' },
      AT,
    );
    expect(otherStream.skipped.map((s) => s.reason)).toEqual([
      expect.stringContaining('EKS log stream kube-apiserver-* is not the audit log'),
      expect.stringContaining('EKS log stream kube-apiserver-* is not the audit log'),
    ]);
  });

  it('reads one CloudWatch record per line, and Logs Insights results', async () => {
    const record = {
      timestamp: 1772442845138,
      message: JSON.stringify(auditEvent()),
      ingestionTime: 1772442846002,
    };
    const insights = {
      '@timestamp': '2026-03-02 09:14:05.138',
      '@message': JSON.stringify(auditEvent({ auditID: 'z' })),
    };
    const items = await readText(`${JSON.stringify(record)}\n${JSON.stringify(insights)}\n`);
    expect(positions(items)).toEqual(['event@1 $.message', "event@2 $['@message']"]);
    expect(items.at(-1)).toMatchObject({ format: 'eks', events: 2 });
  });

  it('reads CloudWatch export-to-S3 lines: `<time> <message>`', async () => {
    const text = `2026-03-02T09:14:05.138Z ${JSON.stringify(auditEvent())}\n2026-03-02T09:14:06.000Z {"cut":\n`;
    const items = await readText(text);
    expect(positions(items)).toEqual(['event@1 $.message', 'problem@2 $.message']);
    expect(items[1]).toMatchObject({ reason: expect.stringContaining('EKS message is not JSON') });
  });

  it('says when a message is JSON but not an audit event, and when CloudWatch cut a long one', () => {
    const notAudit = fromEks(
      { logStreamName: 'kube-apiserver-audit-1', message: '{"level":"info"}' },
      AT,
    );
    expect(notAudit.problems[0]!.reason).toMatch(
      /^EKS message is not a Kubernetes audit event \(an object with keys level/,
    );
    const long = JSON.stringify(
      auditEvent({ requestObject: { data: 'x'.repeat(300 * 1024) } }),
    ).slice(0, 256 * 1024 - 26);
    const cut = fromEks({ logStreamName: 'kube-apiserver-audit-1', message: long }, AT);
    expect(cut.problems[0]!.reason).toMatch(/; CloudWatch Logs cuts events over 256 KiB$/);
  });
});
