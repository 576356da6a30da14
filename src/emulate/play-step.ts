import type { AuditEvent, AuditObjectRef } from '../schema/audit-event.js';
import { requestEvents, statusObject, type ResponseStatus } from './audit-records.js';
import { applyDefaults } from './defaults.js';
import { existingObject } from './existing-objects.js';
import { inServerOrder } from './field-order.js';
import type { IdSource } from './ids.js';
import { child, clone, dig, isRecord, str, type JsonObject } from './json.js';
import { applyPatch } from './patches.js';
import { managerOf, rbacDenied, rejected, requestURI } from './request-line.js';
import { groupVersion, kindOf } from './resources.js';
import { scaled, scaleOf } from './scale.js';
import { storeCreate, storeUpdate, type WriteStamp } from './stored-object.js';
import type { AuditLevel, Scenario, ScenarioStep } from './types.js';

/** State one scenario's steps share: the objects they created, in the form the server stored. */
export interface RunContext {
  ids: IdSource;
  scenario: Scenario;
  minor: number;
  store: Map<string, JsonObject>;
  resourceVersionAt(micros: number): string;
  /** Start of the whole build; objects that existed before a scenario predate it. */
  buildStartMicros: number;
}

export interface StepOutcome {
  events: AuditEvent[];
  /** The object as stored after the step; null when nothing was written. */
  stored: JsonObject | null;
  completedMicros: number;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete']);

/** The audit events of one request, and what it left in the store. */
export function playStep(
  step: ScenarioStep,
  label: string,
  micros: number,
  ctx: RunContext,
): StepOutcome {
  const kind = kindOf(step.resource);
  const object = isRecord(step.object) ? step.object : null;
  const name = step.name ?? str(dig(object, 'metadata', 'name'));
  const key = keyOf(step, name);
  const previous = name ? (ctx.store.get(key) ?? existingObject(step, kind, key, ctx)) : null;
  const creates = step.verb === 'create' || (step.patch?.type === 'apply' && !previous);
  const code = step.responseCode ?? (creates ? 201 : 200);
  const denied = code === 401 || (code === 403 && step.admissionError === undefined);
  const write = WRITE_VERBS.has(step.verb);
  const latency = ctx.ids.int(
    `${label}/latency`,
    ...((denied ? [300, 1200] : write ? [2500, 24000] : [400, 4000]) as [number, number]),
  );
  const completed = micros + latency;
  const stamp: WriteStamp = {
    kind,
    namespace: step.namespace,
    uid: ctx.ids.uuid(`${ctx.scenario.id}/uid/${key}/${label}`),
    resourceVersion: ctx.resourceVersionAt(completed),
    micros: completed,
    manager: managerOf(step),
    operation: step.patch?.type === 'apply' ? 'Apply' : 'Update',
    apiVersion: groupVersion(step.apiGroup, step.apiVersion),
    subresource: step.subresource,
    minor: ctx.minor,
    generatedSuffix: ctx.ids.nameSuffix(`${label}/name`),
    tokenVolumeSuffix: ctx.ids.nameSuffix(`${label}/token-volume`),
  };
  const urlRef = urlObjectRef(step, creates && step.verb === 'create' ? undefined : name);
  const ref: AuditObjectRef = { ...urlRef };
  let requestObject: unknown;
  let responseObject: unknown;
  let stored: JsonObject | null = null;
  if (!denied && write) {
    const failed = code >= 400;
    switch (step.verb) {
      case 'create': {
        const request = clone(object ?? {});
        applyDefaults(kind, request);
        requestObject = inServerOrder(request);
        ref.name ??= str(dig(request, 'metadata', 'name'));
        if (!failed) stored = storeCreate(request, stamp);
        break;
      }
      case 'update': {
        if (!previous) throw new Error(`${label}: update of ${key}, which no step created`);
        if (step.subresource === 'scale') {
          const replicas = dig(object, 'spec', 'replicas');
          requestObject = scaleOf(previous, replicas);
          ref.uid = str(dig(previous, 'metadata', 'uid'));
          ref.resourceVersion = str(dig(previous, 'metadata', 'resourceVersion'));
          if (!failed) stored = storeUpdate(previous, scaled(previous, replicas), stamp);
          break;
        }
        const request = updateRequest(previous, object, step.subresource);
        // The server answers in the version the client used, whatever version created it.
        request.apiVersion = groupVersion(step.apiGroup, step.apiVersion);
        applyDefaults(kind, request);
        requestObject = inServerOrder(request);
        ref.uid = str(dig(request, 'metadata', 'uid'));
        ref.resourceVersion = str(dig(request, 'metadata', 'resourceVersion'));
        if (!failed) stored = storeUpdate(previous, request, stamp);
        break;
      }
      case 'patch': {
        if (!step.patch) throw new Error(`${label}: patch step without a patch`);
        requestObject = clone(step.patch.body);
        const after = object
          ? clone(object)
          : applyPatch(step.patch.type, previous, step.patch.body);
        after.apiVersion = groupVersion(step.apiGroup, step.apiVersion);
        applyDefaults(kind, after);
        if (step.patch.type === 'apply' && isRecord(step.patch.body)) stamp.owned = step.patch.body;
        if (!failed)
          stored = previous ? storeUpdate(previous, after, stamp) : storeCreate(after, stamp);
        break;
      }
      case 'delete':
        requestObject = {
          kind: 'DeleteOptions',
          apiVersion: groupVersion(step.apiGroup, step.apiVersion),
          propagationPolicy: 'Background',
        };
        break;
    }
    if (stored) ctx.store.set(keyOf(step, str(dig(stored, 'metadata', 'name'))), stored);
    responseObject =
      stored && step.subresource === 'scale' ? scaleOf(stored) : (stored ?? undefined);
    if (step.verb === 'delete' && !failed) {
      ctx.store.delete(key);
      responseObject = deletedStatus(step, name, str(dig(previous, 'metadata', 'uid')));
    }
  }
  let responseStatus: ResponseStatus = { metadata: {}, code };
  if (denied) responseStatus = rbacDenied(step, name && step.verb !== 'create' ? name : undefined);
  else if (code >= 400) responseStatus = rejected(step, ref.name ?? name, code);
  else if (isRecord(responseObject) && responseObject.kind === 'Status')
    responseStatus = {
      metadata: {},
      status: 'Success',
      details: responseObject.details as JsonObject,
      code,
    };
  if (code >= 400) responseObject = statusObject(responseStatus);
  const level = step.level ?? defaultLevel(step);
  const events = requestEvents({
    auditID: ctx.ids.uuid(`${label}/auditID`),
    level,
    verb: step.verb,
    requestURI: requestURI(step, name),
    actor: step.actor,
    urlObjectRef: urlRef,
    objectRef: ref,
    responseStatus,
    requestObject,
    responseObject,
    receivedMicros: micros,
    completedMicros: completed,
    annotations: annotations(step, kind, denied, ctx.scenario),
  });
  return { events, stored, completedMicros: completed };
}

function keyOf(step: ScenarioStep, name: string | undefined): string {
  return `${step.resource}/${step.namespace ?? ''}/${name ?? ''}`;
}

/** Workload writes (batch, apps, pods, replication controllers) are logged with bodies. */
function defaultLevel(step: ScenarioStep): AuditLevel {
  if (!WRITE_VERBS.has(step.verb)) return 'Metadata';
  const core = step.resource === 'pods' || step.resource === 'replicationcontrollers';
  const bodies =
    step.apiGroup === 'batch' || step.apiGroup === 'apps' || (step.apiGroup === '' && core);
  return bodies ? 'RequestResponse' : 'Metadata';
}

function urlObjectRef(step: ScenarioStep, name: string | undefined): AuditObjectRef {
  const ref: AuditObjectRef = { resource: step.resource };
  if (step.namespace) ref.namespace = step.namespace;
  if (name && step.verb !== 'list') ref.name = name;
  if (step.apiGroup) ref.apiGroup = step.apiGroup;
  ref.apiVersion = step.apiVersion;
  if (step.subresource) ref.subresource = step.subresource;
  return ref;
}

/**
 * A PUT carries the whole object as the client last read it, with its change applied: the spec
 * for the main resource, the status for `/status`, the ephemeral containers for theirs.
 */
function updateRequest(
  previous: JsonObject,
  object: JsonObject | null,
  subresource?: string,
): JsonObject {
  const request = clone(previous);
  if (!object) return request;
  if (subresource === 'status') request.status = clone(object.status);
  else if (subresource === 'ephemeralcontainers')
    child(request, 'spec').ephemeralContainers = clone(dig(object, 'spec', 'ephemeralContainers'));
  else {
    for (const [k, v] of Object.entries(object))
      if (k !== 'metadata' && k !== 'status') request[k] = clone(v);
    const metadata = child(request, 'metadata');
    for (const k of ['labels', 'annotations'] as const) {
      const value = dig(object, 'metadata', k);
      if (value !== undefined) metadata[k] = clone(value);
    }
  }
  return request;
}

function deletedStatus(
  step: ScenarioStep,
  name: string | undefined,
  uid: string | undefined,
): JsonObject {
  const details: JsonObject = { name };
  if (step.apiGroup) details.group = step.apiGroup;
  details.kind = step.resource;
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}

function annotations(
  step: ScenarioStep,
  kind: string,
  denied: boolean,
  scenario: Scenario,
): Record<string, string> {
  const out: Record<string, string> = {
    'authorization.k8s.io/decision': denied ? 'forbid' : 'allow',
    'authorization.k8s.io/reason': denied
      ? ''
      : (step.authorizationReason ?? step.actor.authorizationReason ?? ''),
  };
  // Pod Security admission records the enforced level for pod creates and for changes that
  // add containers; workload controllers only get warnings and audit violations.
  const podWrite = step.verb === 'create' || step.subresource === 'ephemeralcontainers';
  if (!denied && kind === 'Pod' && podWrite && WRITE_VERBS.has(step.verb))
    out['pod-security.kubernetes.io/enforce-policy'] =
      scenario.podSecurityEnforce ?? 'privileged:latest';
  if (step.apiGroup === 'batch' && step.apiVersion === 'v1beta1') {
    out['k8s.io/deprecated'] = 'true';
    out['k8s.io/removed-release'] = '1.25';
  }
  return { ...out, ...step.annotations };
}
