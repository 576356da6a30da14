import { describe, expect, it } from 'vitest';
import { partialObjectFromJsonPatch } from '../../src/normalize/json-patch.js';

describe('partialObjectFromJsonPatch', () => {
  it('places add and replace values at their paths, creating arrays for index segments', () => {
    const out = partialObjectFromJsonPatch([
      {
        op: 'replace',
        path: '/spec/jobTemplate/spec/template/spec/containers/0/image',
        value: 'evil:1',
      },
      {
        op: 'add',
        path: '/spec/jobTemplate/spec/template/spec/containers/0/args',
        value: ['-c', 'x'],
      },
      {
        op: 'add',
        path: '/spec/jobTemplate/spec/template/spec/volumes/-',
        value: { name: 'h', hostPath: { path: '/' } },
      },
    ]);
    expect(out).toEqual({
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [{ image: 'evil:1', args: ['-c', 'x'] }],
                volumes: [{ name: 'h', hostPath: { path: '/' } }],
              },
            },
          },
        },
      },
    });
  });

  it('decodes ~1 and ~0 escapes in pointer segments', () => {
    const out = partialObjectFromJsonPatch([
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'x' },
      { op: 'add', path: '/metadata/annotations/a~0b', value: 'y' },
    ]);
    expect(out).toEqual({
      metadata: { labels: { 'app.kubernetes.io/name': 'x' }, annotations: { 'a~b': 'y' } },
    });
  });

  it('skips remove, move, copy, test, malformed operations and prototype keys', () => {
    const out = partialObjectFromJsonPatch([
      { op: 'remove', path: '/spec/suspend' },
      { op: 'test', path: '/spec', value: 1 },
      { op: 'add', path: 'no-leading-slash', value: 1 },
      { op: 'add', path: '/__proto__/polluted', value: true },
      null,
      'text',
      { op: 'add', path: '/spec/containers/99999/image', value: 'x' },
    ]);
    expect(out).toEqual({ spec: { containers: [] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('merges a whole-document add at the root', () => {
    expect(
      partialObjectFromJsonPatch([{ op: 'add', path: '', value: { spec: { a: 1 } } }]),
    ).toEqual({
      spec: { a: 1 },
    });
  });
});
