import type { NormalizedEvent } from '../normalize/index.js';
import type { ExceptionConfig } from './schema.js';

export interface CompiledException {
  name: string;
  reason: string;
  /** null: every rule. */
  rules: ReadonlySet<string> | null;
  expired: boolean;
  expires: string | null;
  applies(n: NormalizedEvent): boolean;
}

/**
 * Compiles exceptions once. An expired exception is kept (so it can be reported) but never
 * applies: silently extending a suppression past its date is how blind spots are born.
 */
export function compileExceptions(list: ExceptionConfig[], now: Date): CompiledException[] {
  return list.map((e) => {
    const expired =
      e.expires !== undefined && now.getTime() > Date.parse(`${e.expires}T23:59:59.999Z`);
    const namespaces = e.match.namespaces?.map(glob);
    const users = e.match.users?.map(glob);
    const accounts = e.match.serviceAccounts?.map(glob);
    const images = e.match.images?.map(glob);
    const labels = e.match.labels ? Object.entries(e.match.labels) : undefined;
    const applies = (n: NormalizedEvent): boolean => {
      const { actor, workload } = n.facts;
      if (namespaces) {
        const ns = n.event.objectRef?.namespace ?? workload?.namespace ?? '';
        if (!namespaces.some((g) => g(ns))) return false;
      }
      if (users && !users.some((g) => g(actor.username))) return false;
      if (accounts) {
        const candidates: string[] = [];
        if (actor.serviceAccountNamespace)
          candidates.push(`${actor.serviceAccountNamespace}/${actor.serviceAccountName}`);
        if (workload?.serviceAccountName && workload.namespace)
          candidates.push(`${workload.namespace}/${workload.serviceAccountName}`);
        if (!candidates.some((c) => accounts.some((g) => g(c)))) return false;
      }
      if (images) {
        // Every image must be covered: one vetted scanner image must not vouch for a sidecar.
        const refs = workload?.containers.flatMap((c) => (c.image ? [c.image] : [])) ?? [];
        if (refs.length === 0) return false;
        const covered = (r: (typeof refs)[number]): boolean =>
          images.some((g) => g(r.reference) || g(r.raw) || g(`${r.registry}/${r.repository}`));
        if (!refs.every(covered)) return false;
      }
      if (labels) {
        const have = workload?.labels ?? {};
        if (!labels.every(([k, v]) => have[k] === v)) return false;
      }
      return true;
    };
    return {
      name: e.name,
      reason: e.reason,
      rules: e.rules ? new Set(e.rules) : null,
      expired,
      expires: e.expires ?? null,
      applies: expired ? () => false : applies,
    };
  });
}

/** `*` matches any run of characters; everything else is literal. Linear, no regex. */
function glob(pattern: string): (value: string) => boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return (v) => v === pattern;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1);
  return (v) => {
    if (v.length < first.length + last.length) return false;
    if (!v.startsWith(first) || !v.endsWith(last)) return false;
    let at = first.length;
    const end = v.length - last.length;
    for (const m of middle) {
      const i = v.indexOf(m, at);
      if (i === -1 || i + m.length > end) return false;
      at = i + m.length;
    }
    return true;
  };
}
