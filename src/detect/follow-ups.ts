import type { Alert, RelatedEvent } from '../alert/types.js';
import { WORKLOAD_KINDS, type NormalizedEvent } from '../normalize/index.js';
import type { SourcePosition } from '../source/types.js';

const MAX_RELATED = 100;

/**
 * Children that controllers create from an object, and how the controller names them when the
 * event does not show ownerReferences (Metadata level): `<cronjob>-<minutes>` for Jobs,
 * `<job>-<5 chars>` for their Pods, and so on.
 */
const CHILD_NAMING: Record<string, { parentKind: string; suffix: RegExp }[]> = {
  'cronjob-controller': [{ parentKind: 'CronJob', suffix: /^\d{6,12}$/ }],
  'job-controller': [{ parentKind: 'Job', suffix: /^(\d{1,6}-)?[a-z0-9]{5}$/ }],
  'replicaset-controller': [{ parentKind: 'ReplicaSet', suffix: /^[a-z0-9]{5}$/ }],
  'deployment-controller': [{ parentKind: 'Deployment', suffix: /^[a-z0-9]{6,10}$/ }],
  'daemon-set-controller': [{ parentKind: 'DaemonSet', suffix: /^[a-z0-9]{5}$/ }],
  'statefulset-controller': [{ parentKind: 'StatefulSet', suffix: /^\d{1,6}$/ }],
  'replication-controller': [{ parentKind: 'ReplicationController', suffix: /^[a-z0-9]{5}$/ }],
};

/** The controllers (service-account names) whose children are linked by their names. */
export const NAMING_CONTROLLERS: readonly string[] = Object.keys(CHILD_NAMING);

interface Parent {
  alert: Alert;
  label: string;
}

interface ObjectIdentity {
  kind: string;
  namespace: string;
  name: string;
  uid: string | null;
}

/**
 * What the linker needs to know of an event: small and plain, so that scan workers can compute
 * it where the event was parsed and hand it to the one linker that sees every event in order.
 */
export interface LinkFacts {
  /** The actor is a controller (actor.type): only controllers' writes are follow-ups. */
  controller: boolean;
  /** ownerReferences of the object, from the workload facts or the body's metadata. */
  owners: { kind: string; name: string; uid: string | null }[];
  namespace: string;
  /** For a controller's create of a workload object: the name it chose (naming links). */
  createdName: string | null;
  /** The acting service account's name, which identifies the controller. */
  controllerName: string;
  /** The workload object this event wrote, which may become a parent. */
  identity: ObjectIdentity | null;
  related: Pick<
    RelatedEvent,
    'auditID' | 'time' | 'verb' | 'resource' | 'namespace' | 'name' | 'user'
  >;
}

export function linkFacts(n: NormalizedEvent): LinkFacts {
  const { event, facts } = n;
  const ref = event.objectRef ?? {};
  const isCreate = facts.action.verb === 'create' && WORKLOAD_KINDS.has(ref.resource ?? '');
  return {
    controller: facts.actor.type === 'controller',
    owners: ownersOf(n),
    namespace: ref.namespace ?? facts.workload?.namespace ?? '',
    createdName: isCreate ? (ref.name ?? facts.workload?.name ?? null) : null,
    controllerName: facts.actor.serviceAccountName ?? '',
    identity: objectIdentity(n),
    related: {
      auditID: event.auditID ?? null,
      time: event.stageTimestamp ?? null,
      verb: event.verb ?? '',
      resource: ref.resource ?? '',
      namespace: ref.namespace ?? null,
      name: ref.name ?? facts.workload?.name ?? null,
      user: facts.actor.username,
    },
  };
}

/**
 * Keeps one malicious CronJob from becoming an alert storm: the Jobs and Pods controllers create
 * from an alerted object are attached to that alert instead of raising their own. Only
 * controller identities are followed; a person creating a Job from the CronJob is new authorship.
 */
export class FollowUpLinker {
  readonly #byUid = new Map<string, Parent>();
  readonly #byName = new Map<string, Parent>();

  constructor(private readonly maxTracked = 100_000) {}

  /** Remember the object this event wrote, as the parent of whatever controllers make from it. */
  register(facts: LinkFacts, alert: Alert): void {
    const id = facts.identity;
    if (!id) return;
    this.#remember(id, { alert, label: `${id.kind} ${id.namespace}/${id.name}` });
  }

  /** Attaches the event to its parent's alert and returns true, if it is such a follow-up. */
  link(facts: LinkFacts, position: SourcePosition, ruleIds: string[]): boolean {
    if (!facts.controller) return false;
    const found = this.#findParent(facts);
    if (!found) return false;
    const { parent, link } = found;
    const related: RelatedEvent = {
      ...facts.related,
      link,
      parent: parent.label,
      ruleIds,
      source: position.path
        ? { file: position.file, line: position.line, path: position.path }
        : { file: position.file, line: position.line },
    };
    parent.alert.relatedCount++;
    if (parent.alert.related.length < MAX_RELATED) parent.alert.related.push(related);
    // The child's own children (a CronJob's Job's Pods) belong to the same alert.
    const id = facts.identity;
    if (id)
      this.#remember(id, { alert: parent.alert, label: `${id.kind} ${id.namespace}/${id.name}` });
    return true;
  }

  #findParent(facts: LinkFacts): { parent: Parent; link: RelatedEvent['link'] } | null {
    const namespace = facts.namespace;
    for (const owner of facts.owners) {
      const parent =
        (owner.uid ? this.#byUid.get(owner.uid) : undefined) ??
        this.#byName.get(`${namespace}/${owner.kind}/${owner.name}`);
      if (parent) return { parent, link: 'ownerReference' };
    }
    // Controllers name the Jobs and Pods they create after their parent; nothing else counts.
    const name = facts.createdName;
    if (!name) return null;
    for (const rule of CHILD_NAMING[facts.controllerName] ?? []) {
      for (let dash = name.lastIndexOf('-'); dash > 0; dash = name.lastIndexOf('-', dash - 1)) {
        if (!rule.suffix.test(name.slice(dash + 1))) continue;
        const parent = this.#byName.get(`${namespace}/${rule.parentKind}/${name.slice(0, dash)}`);
        if (parent) return { parent, link: 'controllerNaming' };
      }
    }
    return null;
  }

  #remember(id: ObjectIdentity, parent: Parent): void {
    if (this.#byName.size >= this.maxTracked) this.#byName.clear();
    if (this.#byUid.size >= this.maxTracked) this.#byUid.clear();
    this.#byName.set(`${id.namespace}/${id.kind}/${id.name}`, parent);
    if (id.uid) this.#byUid.set(id.uid, parent);
  }
}

function objectIdentity(n: NormalizedEvent): ObjectIdentity | null {
  const ref = n.event.objectRef ?? {};
  const kind = WORKLOAD_KINDS.get(ref.resource ?? '');
  if (!kind || ref.subresource) return null;
  const meta = metadataOf(n.event.responseObject);
  const name = ref.name ?? str(meta?.name) ?? n.facts.workload?.name ?? null;
  if (!name) return null;
  return {
    kind,
    namespace: ref.namespace ?? str(meta?.namespace) ?? '',
    name,
    uid: str(meta?.uid) ?? ref.uid ?? null,
  };
}

function ownersOf(n: NormalizedEvent): { kind: string; name: string; uid: string | null }[] {
  if (n.facts.workload) return n.facts.workload.owners;
  const meta = metadataOf(n.event.responseObject) ?? metadataOf(n.event.requestObject);
  const refs = meta?.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((r) => {
    if (r === null || typeof r !== 'object') return [];
    const o = r as Record<string, unknown>;
    return typeof o.kind === 'string' && typeof o.name === 'string'
      ? [{ kind: o.kind, name: o.name, uid: str(o.uid) }]
      : [];
  });
}

function metadataOf(object: unknown): Record<string, unknown> | null {
  if (object === null || typeof object !== 'object') return null;
  const meta = (object as { metadata?: unknown }).metadata;
  return meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
