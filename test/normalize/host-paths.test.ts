import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  hostPathFacts,
  normalizeHostPath,
  runtimeSocketsExposed,
} from '../../src/normalize/host-paths.js';

describe('host paths', () => {
  it.each([
    ['/etc/kubernetes/pki', '/etc/kubernetes/pki'],
    ['//etc//./kubernetes/', '/etc/kubernetes'],
    ['/var/run/../run/docker.sock', '/var/run/docker.sock'],
    ['/var/..', '/'],
    ['/.', '/'],
    ['  /root ', '/root'],
    ['relative/path', 'relative/path'],
  ])('normalizes %j to %j', (raw, want) => {
    expect(normalizeHostPath(raw)).toBe(want);
  });

  it('lists each parent directory as an ancestor', () => {
    expect(ancestorsOf('/etc/kubernetes/pki')).toEqual([
      '/',
      '/etc',
      '/etc/kubernetes',
      '/etc/kubernetes/pki',
    ]);
    expect(ancestorsOf('/')).toEqual(['/']);
  });

  it.each([
    ['/var/run/docker.sock', ['docker']],
    ['/run/docker.sock', ['docker']],
    ['/var/run', ['docker', 'containerd', 'crio', 'podman']],
    ['/run/containerd', ['containerd']],
    ['/run/containerd/containerd.sock', ['containerd']],
    ['/var/run/crio/crio.sock', ['crio']],
    ['/', ['docker', 'containerd', 'crio', 'podman']],
    ['/opt/custom/docker.sock', ['docker']],
    ['/var/log', []],
    ['/run/xtables.lock', []],
  ])('%s exposes %j', (path, runtimes) => {
    expect(runtimeSocketsExposed(path).sort()).toEqual([...runtimes].sort());
  });

  it('is read-only only when every mount of the volume is, and aliases /run and /var/run', () => {
    const facts = hostPathFacts(
      [
        { name: 'logs', hostPath: { path: '/var/log' } },
        { name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
        { name: 'unmounted', hostPath: { path: '/etc' } },
        { name: 'empty', emptyDir: {} },
      ],
      new Map([
        ['logs', [true, true]],
        ['sock', [true, false]],
      ]),
    );
    expect(facts.map((f) => [f.volume, f.readOnly])).toEqual([
      ['logs', true],
      ['sock', false],
      ['unmounted', false],
    ]);
    expect(facts[1]!.ancestors).toContain('/run/docker.sock');
    expect(facts[1]!.type).toBe('Socket');
  });
});
