import { NAMING_CONTROLLERS } from '../detect/follow-ups.js';
import { WORKLOAD_KINDS } from '../normalize/index.js';
import type { Witness } from '../sigma/index.js';
import { and, FALSE, needle, or, probe, TRUE, type Formula } from './formula.js';
import { NativeLine } from './native-line.js';
import {
  actorTypeProbe,
  sourceOutsideProbe,
  subresourceProbe,
  workloadWriteProbe,
} from './probes.js';

/**
 * Readers of native events' members for the structural probes: one for the source address
 * alone (a service account's request needs nothing else, and its walk stops sooner), one for
 * the request (identities, object reference).
 */
export interface NativeReaders {
  source: NativeLine;
  request: NativeLine;
}

export function nativeReaders(): NativeReaders {
  return {
    source: new NativeLine(['sourceIPs']),
    request: new NativeLine(['user', 'objectRef'], ['impersonatedUser']),
  };
}

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
 * `native`: the reader of native events' top-level members, when structural probes apply (every
 * line read as a native audit event is read exactly as JSON.parse gives it, which holds unless
 * the input format is forced to another export, whose decoder reads such a line its own way).
 */
export function witnessFormula(w: Witness, native: NativeReaders | null): Formula {
  switch (w.kind) {
    case 'any':
      return TRUE;
    case 'none':
      return FALSE;
    case 'and':
      return and(w.of.map((x) => witnessFormula(x, native)));
    case 'or':
      return or(w.of.map((x) => witnessFormula(x, native)));
    case 'field':
      return fieldFormula(w, native);
    case 'outside':
      return native && w.field === 'sourceIPs'
        ? probe(sourceOutsideProbe(native.source, w.networks))
        : TRUE;
  }
}

function fieldFormula(w: Witness & { kind: 'field' }, native: NativeReaders | null): Formula {
  const { field, literals, cased } = w;
  const subresource = (orAbsent: boolean): Formula =>
    native ? probe(subresourceProbe(native.request, literals, cased, orAbsent)) : TRUE;
  // What holds for a missing field shows in no text; only a probe can see it.
  if (w.orAbsent) return field === 'action.subresource' ? subresource(true) : TRUE;
  if (field.startsWith('workload.')) {
    return workloadWritten(
      field === 'workload.kind' ? kindsMatching(literals, cased) : null,
      native,
    );
  }
  if (field === 'actor.type') {
    if (literals === null) return TRUE;
    const types = Object.keys(ACTOR_TYPE_NEEDLES).filter((t) =>
      literals.some((l) => contains(t, l, cased)),
    );
    const texts = or(types.map((t) => ACTOR_TYPE_NEEDLES[t]!()));
    return native ? and([texts, probe(actorTypeProbe(native.request, types))]) : texts;
  }
  if (field === 'action.verb') {
    const verbatim = verbatimFormula(literals, cased);
    // A server-side apply that created its object is `verb: patch`, graded as a create.
    const asCreate = literals?.some((l) => contains('create', l, cased)) ?? false;
    return asCreate ? or([verbatim, needle('patch', true)]) : verbatim;
  }
  if (field === 'action.subresource')
    return and([verbatimFormula(literals, cased), subresource(false)]);
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
 * both compared exactly (normalize/index.ts), and not of a subresource such as `status`.
 */
export function workloadWritten(
  resources: string[] | null = null,
  native: NativeReaders | null = null,
): Formula {
  const names = resources ?? [...WORKLOAD_KINDS.keys()];
  const texts = and([
    or(names.map((r) => needle(r, true))),
    or(WRITE_VERBS.map((v) => needle(v, true))),
  ]);
  return native ? and([texts, probe(workloadWriteProbe(native.request, names))]) : texts;
}

/**
 * Events the follow-up linker may attach to an earlier alert without any rule matching them
 * (detect/follow-ups.ts): a controller's event that names its owners, or a workload create by
 * one of the controllers whose children are linked by name (of any subresource: the linker
 * does not look), which are service accounts named in the request's username.
 */
export function followUpFormula(native: NativeReaders | null): Formula {
  const controller = ACTOR_TYPE_NEEDLES.controller!();
  const naming = and([workloadWritten(), or(NAMING_CONTROLLERS.map((c) => needle(c, true)))]);
  return and([
    native ? and([controller, probe(actorTypeProbe(native.request, ['controller']))]) : controller,
    or([needle('ownerReferences', true), naming]),
  ]);
}
