import { actorFacts } from '../normalize/actor.js';
import { subresourceOf, writesWorkloadSpec } from '../normalize/index.js';
import type { AuditEvent } from '../schema/audit-event.js';
import { foldCase } from '../sigma/compile/fold-case.js';
import { cidrContains, type Network } from '../sigma/modifiers/cidr.js';
import type { Probe } from './formula.js';
import type { NativeLine } from './native-line.js';

/**
 * Structural probes: tests of a native event's top-level members for what no text search can
 * decide. Each lets through every line that is not a native event (other exports keep these
 * facts elsewhere: GKE's `callerIp`, AKS and EKS inside an embedded string) and may only say
 * false when the event read from the line surely fails the condition.
 */

/** No `sourceIPs` value is an address in `networks`: a negated CIDR filter. */
export function sourceOutsideProbe(native: NativeLine, networks: readonly Network[]): Probe {
  const texts = networks.map((n) => n.text).join(', ');
  return {
    key: `outside:sourceIPs:${texts}`,
    text: `sourceIPs not in ${texts}`,
    mayHold(line) {
      const m = native.of(line);
      if (!m) return true;
      const value = m.get('sourceIPs');
      // Only what the field path surely yields: the string, or the array's string elements.
      const leaves = Array.isArray(value) ? value : [value];
      for (const leaf of leaves) {
        if (typeof leaf !== 'string') continue;
        for (const net of networks) if (cidrContains(net, leaf)) return false;
      }
      return true;
    },
  };
}

/**
 * What a witness on `action.subresource` asks, computed as the normalizer does from
 * `objectRef.subresource`: kubelets writing `pods/status` and schedulers `pods/binding` are
 * most of the workload-looking writes in a log, and the rules want neither.
 */
export function subresourceProbe(
  native: NativeLine,
  literals: readonly string[] | null,
  cased: boolean,
  orAbsent: boolean,
): Probe {
  const wanted = literals ? JSON.stringify(literals) : 'any';
  return {
    key: `subresource:${wanted}:${cased}:${orAbsent}`,
    text: `action.subresource ${orAbsent ? 'absent or ' : ''}has ${wanted}`,
    mayHold(line) {
      const m = native.of(line);
      if (!m) return true;
      const sub = subresourceOf(m.get('objectRef'));
      // A null leaf: what `null` matches, and what `exists: true` counts as present.
      if (sub === null) return orAbsent || literals === null;
      if (literals === null) return true;
      const text = cased ? sub : foldCase(sub);
      return literals.some((l) => text.includes(l));
    },
  };
}

/** The normalizer builds `workload` for this request (of one of `resources`, when given). */
export function workloadWriteProbe(native: NativeLine, resources: readonly string[]): Probe {
  const allowed = new Set(resources);
  return {
    key: `workload-write:${[...allowed].sort().join(',')}`,
    text: `writes the spec of ${[...allowed].join('/')}`,
    mayHold(line) {
      const m = native.of(line);
      if (!m) return true;
      const ref = m.get('objectRef');
      const resource =
        typeof ref === 'object' && ref !== null
          ? (ref as { resource?: unknown }).resource
          : undefined;
      if (typeof resource !== 'string' || !allowed.has(resource)) return false;
      return writesWorkloadSpec(m.get('verb'), resource, subresourceOf(ref));
    },
  };
}

/** `actor.type` is one of `types`, decided as the normalizer does from the identities. */
export function actorTypeProbe(native: NativeLine, types: readonly string[]): Probe {
  const allowed = new Set(types);
  return {
    key: `actor-type:${[...allowed].sort().join(',')}`,
    text: `actor is a ${[...allowed].join('/')}`,
    mayHold(line) {
      const m = native.of(line);
      if (!m) return true;
      const identities = {
        user: m.get('user'),
        impersonatedUser: m.get('impersonatedUser'),
      } as AuditEvent;
      return allowed.has(actorFacts(identities).type);
    },
  };
}
