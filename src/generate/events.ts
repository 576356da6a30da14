import { goJson } from '../emulate/render.js';
import { EVENTS } from './categories.js';
import type { Traffic } from './context.js';
import { CREATED, OK, type Request } from './envelope.js';
import type { Who } from './identity.js';
import { K, pathOf, refJson } from './resources.js';

interface Happening {
  who: Who;
  component: string;
  host?: string;
  namespace: string;
  involved: { kind: string; name: string; apiVersion: string; fieldPath?: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
}

/** Core events: kubelets and controllers recording what they did, created then patched. */
export function coreEvent(t: Traffic): void {
  const h = happening(t);
  // Recorders name events after the object and the time in nanoseconds, in hex.
  const name = `${h.involved.name}.${t.rng.hex(16)}`;
  const r = t.rng.next();
  if (r < 0.7) createV1(t, h, name);
  else if (r < 0.85) patchV1(t, h, name);
  else createEventsV1(t, h);
}

function happening(t: Traffic): Happening {
  const { cluster, rng } = t;
  const state = rng.pick(cluster.apps);
  const { app } = state;
  const pod = rng.pick(state.pods);
  const node = rng.pick(cluster.nodes);
  const r = rng.next();
  const containers = (
    app.manifest.spec as {
      template?: { spec?: { containers?: { name: string; image: string }[] } };
    }
  ).template?.spec?.containers ?? [{ name: app.name, image: app.name }];
  const c = rng.pick(containers);
  const kubelet = (
    reason: string,
    message: string,
    type: 'Normal' | 'Warning' = 'Normal',
  ): Happening => ({
    who: node.kubelet,
    component: 'kubelet',
    host: node.name,
    namespace: app.namespace,
    involved: { kind: 'Pod', name: pod, apiVersion: 'v1', fieldPath: `spec.containers{${c.name}}` },
    reason,
    message,
    type,
  });
  if (r < 0.2) return kubelet('Pulled', `Container image "${c.image}" already present on machine`);
  if (r < 0.35) return kubelet('Created', `Created container ${c.name}`);
  if (r < 0.5) return kubelet('Started', `Started container ${c.name}`);
  if (r < 0.6)
    return kubelet(
      'Unhealthy',
      `Readiness probe failed: Get "http://10.0.${rng.int(32, 63)}.${rng.int(2, 250)}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      'Warning',
    );
  if (r < 0.68) return kubelet('Killing', `Stopping container ${c.name}`);
  const controller = app.kind === 'CronJob' ? 'cronjob-controller' : 'replicaset-controller';
  const owner =
    app.kind === 'CronJob'
      ? { kind: 'CronJob', name: app.name, apiVersion: 'batch/v1' }
      : { kind: 'ReplicaSet', name: `${app.name}-${state.templateHash}`, apiVersion: 'apps/v1' };
  const message =
    app.kind === 'CronJob'
      ? `Created job ${app.name}-${Math.floor(t.now / 60_000_000)}`
      : `Created pod: ${pod}`;
  return {
    who: cluster.controllerByName.get(controller)!,
    component: controller,
    namespace: app.namespace,
    involved: owner,
    reason: 'SuccessfulCreate',
    message,
    type: 'Normal',
  };
}

function involvedObject(t: Traffic, h: Happening): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: h.involved.kind,
    namespace: h.namespace,
    name: h.involved.name,
    uid: t.rng.uuid(),
    apiVersion: h.involved.apiVersion,
    resourceVersion: String(t.currentResourceVersion() - t.rng.int(10, 5000)),
  };
  if (h.involved.fieldPath) out.fieldPath = h.involved.fieldPath;
  return out;
}

function createV1(t: Traffic, h: Happening, name: string): void {
  const at = t.time.seconds(t.now);
  const body = {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: { name, namespace: h.namespace, creationTimestamp: null },
    involvedObject: involvedObject(t, h),
    reason: h.reason,
    message: h.message,
    source: h.host ? { component: h.component, host: h.host } : { component: h.component },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    type: h.type,
    eventTime: null,
    reportingComponent: h.component,
    reportingInstance: h.host ?? '',
  };
  const level = t.rng.chance(0.75) ? 'Request' : 'Metadata';
  t.nextResourceVersion();
  const r: Request = {
    level,
    verb: 'create',
    uri: pathOf(K.events, h.namespace),
    who: h.who,
    urlRef: refJson(K.events, h.namespace),
    ref: refJson(K.events, h.namespace, name),
    status: CREATED,
    bodies: level === 'Request' ? `,"requestObject":${goJson(body)}` : '',
  };
  t.request(r, t.rng.int(1_500, 12_000), EVENTS);
}

function patchV1(t: Traffic, h: Happening, name: string): void {
  const level = t.rng.chance(0.6) ? 'Request' : 'Metadata';
  const body = { count: t.rng.int(2, 40), lastTimestamp: t.time.seconds(t.now) };
  t.nextResourceVersion();
  const r: Request = {
    level,
    verb: 'patch',
    uri: pathOf(K.events, h.namespace, name),
    who: h.who,
    urlRef: refJson(K.events, h.namespace, name),
    ref: refJson(K.events, h.namespace, name),
    status: OK,
    bodies: level === 'Request' ? `,"requestObject":${goJson(body)}` : '',
  };
  t.request(r, t.rng.int(1_500, 9_000), EVENTS);
}

/** The scheduler records through events.k8s.io/v1. */
function createEventsV1(t: Traffic, h: Happening): void {
  const node = t.rng.pick(t.cluster.nodes);
  const pod = h.involved.kind === 'Pod' ? h.involved.name : `${h.involved.name}-${t.rng.suffix()}`;
  const name = `${pod}.${t.rng.hex(16)}`;
  const body = {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: { name, namespace: h.namespace, creationTimestamp: null },
    eventTime: t.time.micro(t.now - t.rng.int(500, 5_000)),
    reportingController: 'default-scheduler',
    reportingInstance: 'default-scheduler-ip-10-0-1-10',
    action: 'Binding',
    reason: 'Scheduled',
    regarding: {
      kind: 'Pod',
      namespace: h.namespace,
      name: pod,
      uid: t.rng.uuid(),
      apiVersion: 'v1',
      resourceVersion: String(t.currentResourceVersion() - t.rng.int(1, 50)),
    },
    note: `Successfully assigned ${h.namespace}/${pod} to ${node.name}`,
    type: 'Normal',
    deprecatedSource: {},
    deprecatedFirstTimestamp: null,
    deprecatedLastTimestamp: null,
  };
  const level = t.rng.chance(0.5) ? 'Request' : 'Metadata';
  t.nextResourceVersion();
  const r: Request = {
    level,
    verb: 'create',
    uri: pathOf(K.eventsV1, h.namespace),
    who: t.cluster.scheduler,
    urlRef: refJson(K.eventsV1, h.namespace),
    ref: refJson(K.eventsV1, h.namespace, name),
    status: CREATED,
    bodies: level === 'Request' ? `,"requestObject":${goJson(body)}` : '',
  };
  t.request(r, t.rng.int(1_500, 12_000), EVENTS);
}
