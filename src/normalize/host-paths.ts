import { posix } from 'node:path';
import type { HostPathFacts } from './types.js';

/** Container runtime sockets, at the paths distributions put them. */
const RUNTIME_SOCKETS: readonly [string, string][] = [
  ['/run/docker.sock', 'docker'],
  ['/run/dockershim.sock', 'docker'],
  ['/run/cri-dockerd.sock', 'docker'],
  ['/run/containerd/containerd.sock', 'containerd'],
  ['/run/k3s/containerd/containerd.sock', 'containerd'],
  ['/run/crio/crio.sock', 'crio'],
  ['/run/podman/podman.sock', 'podman'],
];
const SOCKET_NAMES: ReadonlyMap<string, string> = new Map([
  ['docker.sock', 'docker'],
  ['dockershim.sock', 'docker'],
  ['cri-dockerd.sock', 'docker'],
  ['containerd.sock', 'containerd'],
  ['crio.sock', 'crio'],
  ['podman.sock', 'podman'],
]);

/** `/var/run/../run//docker.sock/` → `/run/docker.sock`-comparable form; null if not absolute. */
export function normalizeHostPath(raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('/')) return trimmed;
  const normalized = posix.normalize(trimmed);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

export function ancestorsOf(path: string): string[] {
  if (!path.startsWith('/')) return [path];
  const out = ['/'];
  let at = 0;
  while ((at = path.indexOf('/', at + 1)) !== -1) out.push(path.slice(0, at));
  if (path !== '/') out.push(path);
  return out;
}

// /var/run is a symlink to /run on every current distribution: compare in /run form.
function canonicalRun(path: string): string {
  if (path === '/var/run') return '/run';
  return path.startsWith('/var/run/') ? path.slice(4) : path;
}

/** Runtimes whose socket the host path exposes: the socket itself or a directory above it. */
export function runtimeSocketsExposed(path: string): string[] {
  const out = new Set<string>();
  const canonical = canonicalRun(path);
  for (const [socket, runtime] of RUNTIME_SOCKETS) {
    if (canonical === socket || socket.startsWith(canonical === '/' ? '/' : `${canonical}/`))
      out.add(runtime);
  }
  const runtime = SOCKET_NAMES.get(posix.basename(canonical));
  if (runtime) out.add(runtime);
  return [...out];
}

export function hostPathFacts(
  volumes: unknown[],
  mountsByVolume: ReadonlyMap<string, boolean[]>,
): HostPathFacts[] {
  const out: HostPathFacts[] = [];
  for (const v of volumes) {
    if (v === null || typeof v !== 'object') continue;
    const { name, hostPath } = v as { name?: unknown; hostPath?: unknown };
    if (hostPath === null || typeof hostPath !== 'object') continue;
    const { path: rawPath, type } = hostPath as { path?: unknown; type?: unknown };
    if (typeof rawPath !== 'string') continue;
    const volume = typeof name === 'string' ? name : '';
    const path = normalizeHostPath(rawPath);
    const mounts = mountsByVolume.get(volume) ?? [];
    out.push({
      volume,
      path,
      rawPath,
      type: typeof type === 'string' ? type : null,
      readOnly: mounts.length > 0 && mounts.every(Boolean),
      ancestors: withRunAliases(ancestorsOf(path)),
    });
  }
  return out;
}

// Rules written for /var/run/docker.sock must also see /run/docker.sock and the reverse.
function withRunAliases(ancestors: string[]): string[] {
  const out = new Set(ancestors);
  for (const a of ancestors) {
    if (a === '/run' || a.startsWith('/run/')) out.add(`/var${a}`);
    else if (a === '/var/run' || a.startsWith('/var/run/')) out.add(a.slice(4));
  }
  return [...out];
}
