import { describe, expect, it } from 'vitest';
import { applyDefaults, pullPolicyFor } from '../../src/emulate/defaults.js';
import { changedFields, fieldsV1 } from '../../src/emulate/managed-fields.js';
import { applyPatch } from '../../src/emulate/patches.js';
import { qosClass } from '../../src/emulate/stored-object.js';

describe('applyPatch', () => {
  const base = {
    metadata: { labels: { 'app.kubernetes.io/name': 'x' } },
    spec: {
      containers: [
        { name: 'a', image: 'a:1' },
        { name: 'b', image: 'b:1', args: ['x'] },
      ],
    },
  };

  it('applies JSON Patch with pointer escapes, appends and removes', () => {
    const out = applyPatch('json', base, [
      { op: 'replace', path: '/spec/containers/0/image', value: 'evil:1' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'c', image: 'c:1' } },
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1part-of', value: 'y' },
      { op: 'remove', path: '/spec/containers/1/args' },
    ]);
    expect(out).toEqual({
      metadata: { labels: { 'app.kubernetes.io/name': 'x', 'app.kubernetes.io/part-of': 'y' } },
      spec: {
        containers: [
          { name: 'a', image: 'evil:1' },
          { name: 'b', image: 'b:1' },
          { name: 'c', image: 'c:1' },
        ],
      },
    });
    expect(base.spec.containers[0]!.image).toBe('a:1');
  });

  it('replaces lists in a merge patch but merges them by name in a strategic one', () => {
    const body = { spec: { containers: [{ name: 'b', image: 'b:2' }] } };
    expect(applyPatch('merge', base, body).spec).toEqual({
      containers: [{ name: 'b', image: 'b:2' }],
    });
    expect(applyPatch('strategic', base, body).spec).toEqual({
      containers: [
        { name: 'a', image: 'a:1' },
        { name: 'b', image: 'b:2', args: ['x'] },
      ],
    });
    const deleted = applyPatch('strategic', base, {
      spec: { containers: [{ name: 'a', $patch: 'delete' }] },
    });
    expect((deleted.spec as { containers: unknown[] }).containers).toHaveLength(1);
  });

  it('removes a field set to null and creates from an apply body', () => {
    expect(applyPatch('merge', base, { metadata: { labels: null } }).metadata).toEqual({});
    expect(applyPatch('apply', null, { kind: 'CronJob' })).toEqual({ kind: 'CronJob' });
    expect(() =>
      applyPatch('json', base, [{ op: 'test', path: '/spec/containers/0/image', value: 'z' }]),
    ).toThrow();
  });
});

describe('API defaulting and admission', () => {
  it('pulls :latest and untagged images always, tags and digests if not present', () => {
    expect(pullPolicyFor('alpine')).toBe('Always');
    expect(pullPolicyFor('alpine:latest')).toBe('Always');
    expect(pullPolicyFor('registry.local:5000/team/app')).toBe('Always');
    expect(pullPolicyFor('registry.local:5000/team/app:1.2')).toBe('IfNotPresent');
    expect(pullPolicyFor('busybox@sha256:0123')).toBe('IfNotPresent');
  });

  it('defaults a Deployment, its template and its containers', () => {
    const d: Record<string, unknown> = {
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            hostNetwork: true,
            containers: [{ name: 'a', image: 'a:1', ports: [{ containerPort: 80 }] }],
          },
        },
      },
    };
    applyDefaults('Deployment', d);
    expect(d).toMatchObject({
      metadata: { creationTimestamp: null },
      spec: {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
        },
        template: {
          metadata: { creationTimestamp: null },
          spec: {
            restartPolicy: 'Always',
            containers: [{ ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 80 }] }],
          },
        },
      },
      status: {},
    });
  });

  it('classes pods by their resources', () => {
    const c = (resources: object) => ({ containers: [{ name: 'a', resources }] });
    expect(qosClass(c({}))).toBe('BestEffort');
    expect(qosClass(c({ requests: { cpu: '1' } }))).toBe('Burstable');
    expect(
      qosClass(c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } })),
    ).toBe('Guaranteed');
  });
});

describe('managedFields', () => {
  it('keys list elements and marks nested maps the way fieldsV1 does', () => {
    expect(
      fieldsV1({
        kind: 'Pod',
        metadata: { name: 'p', labels: { run: 'p' } },
        spec: { containers: [{ name: 'a', image: 'a:1', securityContext: { privileged: true } }] },
        status: { phase: 'Pending' },
      }),
    ).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
      'f:spec': {
        'f:containers': {
          '.': {},
          'k:{"name":"a"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:securityContext': { '.': {}, 'f:privileged': {} },
          },
        },
      },
    });
  });

  it('credits an update only with what it changed', () => {
    const before = { spec: { schedule: '0 * * * *', containers: [{ name: 'a', image: 'a:1' }] } };
    const after = { spec: { schedule: '0 * * * *', containers: [{ name: 'a', image: 'evil:1' }] } };
    expect(changedFields(before, after)).toEqual({
      spec: { containers: [{ name: 'a', image: 'evil:1' }] },
    });
  });
});
