import { describe, expect, it } from 'vitest';
import { FieldPath } from '../../../src/sigma/compile/field-path.js';

function resolve(path: string, event: unknown): { values: unknown[]; missing: boolean } {
  const values: unknown[] = [];
  const missing = new FieldPath(path).resolve(event, { push: (v) => values.push(v) });
  return { values, missing };
}

describe('FieldPath', () => {
  it('follows nested objects', () => {
    expect(resolve('objectRef.resource', { objectRef: { resource: 'cronjobs' } })).toEqual({
      values: ['cronjobs'],
      missing: false,
    });
  });

  it('fans out over arrays at any depth', () => {
    const event = { spec: { containers: [{ image: 'a' }, { image: 'b' }, { name: 'no-image' }] } };
    expect(resolve('spec.containers.image', event)).toEqual({ values: ['a', 'b'], missing: true });
  });

  it('yields the elements of a final array', () => {
    expect(resolve('user.groups', { user: { groups: ['x', ['y']] } }).values).toEqual(['x', 'y']);
  });

  it('reaches keys that contain dots and slashes', () => {
    const event = { annotations: { 'authorization.k8s.io/decision': 'allow' } };
    expect(resolve('annotations.authorization.k8s.io/decision', event).values).toEqual(['allow']);
  });

  it('tries every reading when both a nested and a dotted key exist', () => {
    const event = { a: { b: 1 }, 'a.b': 2 };
    expect(resolve('a.b', event).values.sort()).toEqual([1, 2]);
  });

  it('reports absence, empty arrays and primitives in the way', () => {
    expect(resolve('a.b', {}).missing).toBe(true);
    expect(resolve('a.b', { a: [] }).missing).toBe(true);
    expect(resolve('a.b', { a: 'text' }).missing).toBe(true);
    expect(resolve('a', { a: null })).toEqual({ values: [null], missing: false });
  });

  it('never reads inherited properties', () => {
    expect(resolve('constructor', {}).values).toEqual([]);
    expect(resolve('a.toString', { a: {} }).values).toEqual([]);
  });
});

describe('FieldPath root guard', () => {
  it('skipping root joins is only allowed when the root has no dotted key', async () => {
    const { hasDottedKey } = await import('../../../src/sigma/compile/field-path.js');
    expect(hasDottedKey({ a: 1, b: { 'c.d': 1 } })).toBe(false);
    expect(hasDottedKey({ 'a.b': 1 })).toBe(true);
    const values: unknown[] = [];
    new FieldPath('a.b').resolve(
      { 'a.b': 1 },
      { push: (v) => values.push(v) },
      hasDottedKey({ 'a.b': 1 }),
    );
    expect(values).toEqual([1]);
  });
});

describe('hostile nesting', () => {
  it('resolves and searches arrays nested 200,000 deep without overflowing the stack', async () => {
    const { collectStrings } = await import('../../../src/sigma/compile/field-path.js');
    let deep: unknown = 'needle';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(resolve('a', { a: deep }).values).toEqual(['needle']);
    expect(resolve('a.b', { a: [deep, { b: 1 }] }).values).toEqual([1]);
    const strings: unknown[] = [];
    collectStrings({ x: deep }, { push: (v) => strings.push(v) });
    expect(strings).toEqual(['needle']);
  });
});
