import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AdmissionReviewError,
  parseAdmissionReview,
  parseAdmissionReviewJson,
} from '../../src/admission/review.js';
import { body, FIXTURES, text } from './helpers.js';

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AdmissionReviewError);
    return (e as AdmissionReviewError).issues;
  }
  throw new Error('expected an AdmissionReviewError');
}

describe('parseAdmissionReview', () => {
  it('accepts every well-formed fixture, keeping the fields the evaluator reads', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(() => parseAdmissionReviewJson(text(f)), f).not.toThrow();
    const r = parseAdmissionReviewJson(text('cronjob-create-reverse-shell.json')).request;
    expect(r).toMatchObject({
      uid: '3f1e2d4c-8b7a-4c69-9e5d-1a2b3c4d5e6f',
      operation: 'CREATE',
      namespace: 'ci',
      resource: { group: 'batch', version: 'v1', resource: 'cronjobs' },
      userInfo: { username: 'system:serviceaccount:ci:deployer' },
    });
    expect(r.userInfo.extra?.['authentication.kubernetes.io/pod-name']).toEqual([
      'build-runner-7c9d8f6b5-x2kqp',
    ]);
  });

  it('keeps fields it does not know, so a newer API server does not break the webhook', () => {
    const b = body('cronjob-create-benign.json');
    b.request.futureField = { x: 1 };
    expect(parseAdmissionReview(b).request.futureField).toEqual({ x: 1 });
  });

  it('names v1beta1 and says how to fix the webhook configuration', () => {
    expect(issuesOf(() => parseAdmissionReviewJson(text('malformed/v1beta1.json')))).toEqual([
      { path: '$.apiVersion', message: expect.stringContaining('admissionReviewVersions') },
    ]);
  });

  it('reports each problem with its JSON path', () => {
    expect(issuesOf(() => parseAdmissionReviewJson(text('malformed/missing-uid.json')))).toEqual([
      { path: '$.request.uid', message: expect.any(String) },
    ]);
    expect(
      issuesOf(() => parseAdmissionReviewJson(text('malformed/create-without-object.json'))),
    ).toEqual([{ path: '$.request.object', message: 'expected the new object on CREATE' }]);
    const both = issuesOf(() =>
      parseAdmissionReviewJson(text('malformed/bad-operation-and-group.json')),
    );
    expect(both.map((i) => i.path).sort()).toEqual([
      '$.request.operation',
      '$.request.userInfo.groups[1]',
    ]);
    expect(both.find((i) => i.path === '$.request.operation')!.message).toBe(
      'expected one of CREATE, UPDATE, DELETE, CONNECT',
    );
    expect(
      issuesOf(() => parseAdmissionReviewJson(text('malformed/object-is-array.json'))),
    ).toEqual([{ path: '$.request.object', message: 'expected a JSON object' }]);
  });

  it('quotes keys that are not identifiers', () => {
    const b = body('cronjob-create-reverse-shell.json');
    (b.request.userInfo as { extra: Record<string, unknown> }).extra[
      'authentication.kubernetes.io/pod-name'
    ] = 'not-a-list';
    expect(issuesOf(() => parseAdmissionReview(b))[0]!.path).toBe(
      '$.request.userInfo.extra["authentication.kubernetes.io/pod-name"]',
    );
  });

  it('answers truncated or non-JSON text with a path of $', () => {
    const [issue] = issuesOf(() => parseAdmissionReviewJson(text('malformed/truncated.json.txt')));
    expect(issue).toEqual({ path: '$', message: expect.stringMatching(/^not JSON: /) });
    expect(issuesOf(() => parseAdmissionReviewJson(''))[0]!.path).toBe('$');
  });

  it('never throws anything but AdmissionReviewError, whatever the body', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseAdmissionReview(value);
          parseAdmissionReviewJson(JSON.stringify(value));
        } catch (e) {
          return e instanceof AdmissionReviewError && e.issues.length > 0;
        }
        return true;
      }),
      { numRuns: 300 },
    );
    const b = body('cronjob-create-benign.json');
    fc.assert(
      fc.property(
        fc.constantFrom('uid', 'kind', 'resource', 'userInfo', 'object', 'operation'),
        fc.jsonValue(),
        (key, value) => {
          try {
            parseAdmissionReview({ ...b, request: { ...b.request, [key]: value } });
          } catch (e) {
            return e instanceof AdmissionReviewError;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
