import { describe, expect, it } from 'vitest';
import { actionFacts } from '../../src/normalize/action.js';
import { actorFacts } from '../../src/normalize/actor.js';

describe('actorFacts', () => {
  it('resolves impersonation and keeps the real identity', () => {
    const a = actorFacts({
      user: { username: 'mallory', groups: ['devs'] },
      impersonatedUser: {
        username: 'system:serviceaccount:kube-system:default',
        groups: ['system:serviceaccounts'],
      },
    });
    expect(a).toMatchObject({
      username: 'system:serviceaccount:kube-system:default',
      authenticatedUsername: 'mallory',
      impersonated: true,
      type: 'serviceaccount',
      serviceAccountNamespace: 'kube-system',
      serviceAccountName: 'default',
    });
  });

  it('traces a service-account token to the pod that used it', () => {
    const a = actorFacts({
      user: {
        username: 'system:serviceaccount:web:frontend',
        extra: {
          'authentication.kubernetes.io/pod-name': ['frontend-7d9c-x2x4z'],
          'authentication.kubernetes.io/node-name': ['ip-10-0-1-7'],
        },
      },
    });
    expect(a.podName).toBe('frontend-7d9c-x2x4z');
    expect(a.nodeName).toBe('ip-10-0-1-7');
  });

  it.each([
    ['system:anonymous', [], 'anonymous'],
    ['bob', ['system:unauthenticated'], 'anonymous'],
    ['system:node:ip-10-0-0-1', ['system:nodes'], 'node'],
    ['system:serviceaccount:kube-system:cronjob-controller', [], 'controller'],
    ['system:kube-controller-manager', [], 'controller'],
    ['system:serviceaccount:kube-system:coredns', [], 'serviceaccount'],
    ['system:apiserver', [], 'system'],
    ['alice@example.com', ['system:authenticated'], 'user'],
    ['', [], 'user'],
  ])('%s is a %s', (username, groups, type) => {
    expect(actorFacts({ user: { username, groups } }).type).toBe(type);
  });

  it('survives a missing or malformed user', () => {
    expect(actorFacts({ user: 'x' as never }).username).toBe('');
    expect(actorFacts({}).groups).toEqual([]);
  });
});

describe('actionFacts', () => {
  it('reads a server-side apply that created the object as a create', () => {
    expect(actionFacts({ verb: 'patch', responseStatus: { code: 201 } }).verb).toBe('create');
    expect(actionFacts({ verb: 'patch', responseStatus: { code: 200 } }).verb).toBe('patch');
  });

  it('marks denials from the annotation or the status code', () => {
    expect(actionFacts({ verb: 'create', responseStatus: { code: 403 } })).toMatchObject({
      denied: true,
      failed: true,
      decision: 'forbid',
    });
    expect(
      actionFacts({ verb: 'create', annotations: { 'authorization.k8s.io/decision': 'forbid' } })
        .denied,
    ).toBe(true);
    expect(actionFacts({ verb: 'create', responseStatus: { code: 422 } })).toMatchObject({
      denied: false,
      failed: true,
    });
  });
});
