import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ImageRef, parseImage } from '../../src/normalize/image.js';

const SHA = `sha256:${'ab'.repeat(32)}`;

type Expected = Omit<ImageRef, 'raw'>;

function ref(
  registry: string,
  repository: string,
  tag: string | null,
  digest: string | null,
  valid = true,
): Expected {
  let reference = `${registry}/${repository}`;
  if (tag !== null) reference += `:${tag}`;
  if (digest !== null) reference += `@${digest}`;
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return { registry, repository, name, tag, digest, reference, valid };
}

describe('parseImage', () => {
  it.each<[string, Expected]>([
    ['alpine', ref('docker.io', 'library/alpine', 'latest', null)],
    ['library/alpine', ref('docker.io', 'library/alpine', 'latest', null)],
    ['docker.io/alpine', ref('docker.io', 'library/alpine', 'latest', null)],
    [`docker.io/library/alpine@${SHA}`, ref('docker.io', 'library/alpine', null, SHA)],
    ['index.docker.io/library/alpine:3.19', ref('docker.io', 'library/alpine', '3.19', null)],
    [
      'registry-1.docker.io/bitnami/kubectl:1.30',
      ref('docker.io', 'bitnami/kubectl', '1.30', null),
    ],
    [`alpine:3.19@${SHA}`, ref('docker.io', 'library/alpine', '3.19', SHA)],
    ['bitnami/kubectl', ref('docker.io', 'bitnami/kubectl', 'latest', null)],
    ['localhost:5000/x', ref('localhost:5000', 'x', 'latest', null)],
    ['localhost/x:dev', ref('localhost', 'x', 'dev', null)],
    ['registry.example.com:443/a/b:1', ref('registry.example.com:443', 'a/b', '1', null)],
    ['ghcr.io/org/team/tool:v1.2.3', ref('ghcr.io', 'org/team/tool', 'v1.2.3', null)],
    ['[::1]:5000/foo:bar', ref('[::1]:5000', 'foo', 'bar', null)],
    ['quay.io/a__b/c--d.e:1', ref('quay.io', 'a__b/c--d.e', '1', null)],
    ['  alpine:3  ', ref('docker.io', 'library/alpine', '3', null)],
    ['Registry.Example.COM/team/app:V2', ref('registry.example.com', 'team/app', 'V2', null)],
  ])('%j', (raw, expected) => {
    expect(parseImage(raw)).toEqual({ raw, ...expected });
  });

  it('gives every Docker Hub spelling of alpine the same registry and repository', () => {
    const spellings = [
      'alpine',
      'library/alpine',
      `docker.io/library/alpine@${SHA}`,
      'index.docker.io/library/alpine:3.19',
    ];
    for (const s of spellings) {
      expect(parseImage(s)).toMatchObject({ registry: 'docker.io', repository: 'library/alpine' });
    }
  });

  it('lowercases uppercase repositories but marks them invalid, as the kubelet refuses them', () => {
    expect(parseImage('ghcr.io/Org/Tool:v1')).toMatchObject({
      repository: 'org/tool',
      name: 'tool',
      tag: 'v1',
      valid: false,
    });
    expect(parseImage(`gcr.io/x@sha256:${'AB'.repeat(32)}`)).toMatchObject({
      digest: SHA,
      valid: false,
    });
  });

  it.each([
    '',
    '   ',
    'foo//bar',
    'a:b:c',
    'user/repo:-bad',
    `x@sha256:${'a'.repeat(10)}`,
    'x@notadigest',
    'bad host.io/x',
    'registry.io:/x',
    'x'.repeat(300),
    'alpine:' + 't'.repeat(200),
    'UPPER',
    '/leading',
    'trailing/',
  ])('%j is invalid but parsed best-effort without throwing', (raw) => {
    const image = parseImage(raw);
    expect(image.valid).toBe(false);
    expect(image.raw).toBe(raw);
  });

  it('never throws and always returns strings or nulls (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything()), (raw) => {
        const image = parseImage(raw as string);
        expect(typeof image.reference).toBe('string');
        expect(typeof image.valid).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('returns on a 1 MB input', () => {
    expect(parseImage('a/'.repeat(512 * 1024)).valid).toBe(false);
  });
});
