import { WORKLOAD_KINDS } from '../normalize/index.js';
import type { Witness } from '../sigma/index.js';
import { and, FALSE, needle, or, probe, TRUE, type Formula } from './formula.js';
import { outsideProbe } from './outside.js';

/**
 * Fields whose value every decoder copies unchanged from the input, so the value's text is in
 * the raw line whatever the export format (native, EKS, GKE, AKS, Elastic): GKE's
 * `methodName`/`resourceName` spell the verb, resource, namespace and name as they are, and
 * embedded JSON strings (AKS, Elastic `event.original`) only add escapes. Left out on purpose:
 * `objectRef.apiGroup` (GKE rewrites `rbac.authorization` from the method name),
 * `requestURI` and `responseStatus` (GKE builds them), `stage` (it differs between the stages
 * of one request, and the stage de-duplication must see the same stages either way).
 */
const VERBATIM_FIELDS = new Set([
  'verb',
  'objectRef.resource',
  'objectRef.namespace',
  'objectRef.name',
  'objectRef.subresource',
  'action.subresource',
  'user.username',
  'user.groups',
  'user.uid',
  'impersonatedUser.username',
  'impersonatedUser.groups',
  'actor.username',
  'actor.groups',
  'actor.authenticatedUsername',
  'actor.serviceAccountNamespace',
  'actor.serviceAccountName',
  'actor.podName',
  'actor.nodeName',
  'userAgent',
  'sourceIPs',
]);
const VERBATIM_PREFIXES = ['requestObject.', 'responseObject.', 'annotations.', 'user.extra.'];

const WRITE_VERBS = ['create', 'update', 'patch'];

/** How `actor.type` is decided (normalize/actor.ts), as needles on the acting identity. */
const ACTOR_TYPE_NEEDLES: Record<string, () => Formula> = {
  anonymous: () => or([needle('system:anonymous', true), needle('system:unauthenticated', true)]),
  node: () => needle('system:node:', true),
  // system:kube-controller-manager contains it too.
  controller: () => or([needle('-controller', true), needle('system:kube-scheduler', true)]),
  serviceaccount: () => needle('system:serviceaccount:', true),
  system: () => needle('system:', true),
  user: () => TRUE,
};

/** Shortest needle worth searching: shorter ones are in nearly every line anyway. */
const MIN_NEEDLE = 3;
const SAFE_RUN = /[\x20-\x21\x23-\x2e\x30-\x5b\x5d-\x7e]+/g;
// A text that could have been a JSON number in the input (`403` may be written `4.03e2`).
const NUMBER_LIKE = /^[0-9.eE+-]+$/;

/**
 * `nativeProbes`: every line read as a native audit event is read exactly as JSON.parse gives
 * it, which holds unless the input format is forced to another export (that decoder would read
 * a native-looking line its own way).
 */
export function witnessFormula(w: Witness, nativeProbes: boolean): Formula {
  switch (w.kind) {
    case 'any':
      return TRUE;
    case 'none':
      return FALSE;
    case 'and':
      return and(w.of.map((x) => witnessFormula(x, nativeProbes)));
    case 'or':
      return or(w.of.map((x) => witnessFormula(x, nativeProbes)));
    case 'field':
      return fieldFormula(w.field, w.literals, w.cased);
    case 'outside': {
      const p = nativeProbes ? outsideProbe(w.field, w.networks) : null;
      return p ? probe(p) : TRUE;
    }
  }
}

function fieldFormula(field: string, literals: readonly string[] | null, cased: boolean): Formula {
  if (field.startsWith('workload.')) {
    return workloadWritten(field === 'workload.kind' ? kindsMatching(literals, cased) : null);
  }
  if (field === 'actor.type') {
    if (literals === null) return TRUE;
    const types = Object.keys(ACTOR_TYPE_NEEDLES).filter((t) =>
      literals.some((l) => contains(t, l, cased)),
    );
    return or(types.map((t) => ACTOR_TYPE_NEEDLES[t]!()));
  }
  if (field === 'action.verb') {
    const verbatim = verbatimFormula(literals, cased);
    // A server-side apply that created its object is `verb: patch`, graded as a create.
    const asCreate = literals?.some((l) => contains('create', l, cased)) ?? false;
    return asCreate ? or([verbatim, needle('patch', true)]) : verbatim;
  }
  if (VERBATIM_FIELDS.has(field) || VERBATIM_PREFIXES.some((p) => field.startsWith(p))) {
    return verbatimFormula(literals, cased);
  }
  return TRUE;
}

function verbatimFormula(literals: readonly string[] | null, cased: boolean): Formula {
  if (literals === null) return TRUE;
  return or(literals.map((l) => literalNeedle(l, cased)));
}

/** The longest run of the literal that JSON cannot have written differently, if long enough. */
function literalNeedle(literal: string, cased: boolean): Formula {
  if (NUMBER_LIKE.test(literal)) return TRUE;
  let best = '';
  for (const m of literal.matchAll(SAFE_RUN)) if (m[0].length > best.length) best = m[0];
  return best.length < MIN_NEEDLE ? TRUE : needle(best, cased);
}

function contains(value: string, literal: string, cased: boolean): boolean {
  return cased ? value.includes(literal) : value.toLowerCase().includes(literal);
}

function kindsMatching(literals: readonly string[] | null, cased: boolean): string[] | null {
  if (literals === null) return null;
  const resources: string[] = [];
  for (const [resource, kind] of WORKLOAD_KINDS)
    if (literals.some((l) => contains(kind, l, cased))) resources.push(resource);
  return resources;
}

/**
 * The normalizer builds `workload` only for a create, update or patch of a workload resource,
 * both compared exactly (normalize/index.ts).
 */
export function workloadWritten(resources: string[] | null = null): Formula {
  const names = resources ?? [...WORKLOAD_KINDS.keys()];
  return and([or(names.map((r) => needle(r, true))), or(WRITE_VERBS.map((v) => needle(v, true)))]);
}

/**
 * Events the follow-up linker may attach to an earlier alert without any rule matching them
 * (detect/follow-ups.ts): a controller's event that names its owners, or a controller's create
 * of a workload object named after its parent.
 */
export function followUpFormula(): Formula {
  return and([
    ACTOR_TYPE_NEEDLES.controller!(),
    or([needle('ownerReferences', true), workloadWritten()]),
  ]);
}
