import { DEFAULT_KUBERNETES, DEFAULT_NODES } from '../emulate/build-events.js';
import {
  developer,
  inClusterClient,
  platformAdmin,
  serviceAccountToken,
  sre,
} from '../emulate/catalogue/actors.js';
import { controllerActor } from '../emulate/controllers.js';
import { fixedUuid } from '../emulate/ids.js';
import type { Actor } from '../emulate/types.js';
import { APPS, type App } from './apps.js';
import { who, type Who } from './identity.js';
import { OPERATORS, type Operator } from './operators.js';
import { buildPrototypes, type AppPrototypes } from './prototypes.js';
import type { Rng } from './random.js';

const { version, commit } = DEFAULT_KUBERNETES;
export const BUILD = `${version} (linux/amd64) kubernetes/${commit}`;
export const CONTROL_PLANE_IP = '10.0.1.10';

export interface Node {
  name: string;
  ip: string;
  kubelet: Who;
  leaseUid: string;
}

/** An app with what clients see of it: its pods' names, and its prototype writes. */
export interface AppState {
  app: App;
  templateHash: string;
  pods: string[];
  prototypes: AppPrototypes;
}

/** The generated cluster: who talks to the API server, and about which objects. */
export interface Cluster {
  nodes: Node[];
  apps: AppState[];
  controllers: Who[];
  controllerByName: Map<string, Who>;
  /** kube-controller-manager's own identity: shared informers and leader election. */
  controllerManager: Who;
  controllerManagerLeader: Who;
  scheduler: Who;
  schedulerLeader: Who;
  apiserver: Who;
  operators: { operator: Operator; who: Who }[];
  humans: Who[];
  /** The kubelet's probes of the API server's static pod. */
  probe: Who;
}

const CONTROLLERS = [
  'replicaset-controller',
  'deployment-controller',
  'job-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'statefulset-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'node-controller',
  'pod-garbage-collector',
  'ttl-after-finished-controller',
  'resourcequota-controller',
  'disruption-controller',
  'root-ca-cert-publisher',
  'service-account-controller',
];

export function buildCluster(rng: Rng, nodeCount: number): Cluster {
  const nodes = makeNodes(rng, nodeCount);
  const controllers = CONTROLLERS.map((name) =>
    who(controllerActor(name, DEFAULT_KUBERNETES, fixedUuid(`sa/kube-system/${name}`))),
  );
  const system = (username: string, agent: string, role: string, sourceIP = CONTROL_PLANE_IP) =>
    who({
      username,
      groups: ['system:authenticated'],
      sourceIP,
      userAgent: agent,
      authorizationReason: `RBAC: allowed by ClusterRoleBinding "${role}" of ClusterRole "${role}" to User "${username}"`,
    });
  return {
    nodes,
    apps: APPS.map((app) => appState(app, rng)),
    controllers,
    controllerByName: new Map(CONTROLLERS.map((name, i) => [name, controllers[i]!])),
    controllerManager: system(
      'system:kube-controller-manager',
      `kube-controller-manager/${BUILD}/shared-informers`,
      'system:kube-controller-manager',
    ),
    controllerManagerLeader: system(
      'system:kube-controller-manager',
      `kube-controller-manager/${BUILD}/leader-election`,
      'system:kube-controller-manager',
    ),
    scheduler: system(
      'system:kube-scheduler',
      `kube-scheduler/${BUILD}/scheduler`,
      'system:kube-scheduler',
    ),
    schedulerLeader: system(
      'system:kube-scheduler',
      `kube-scheduler/${BUILD}/leader-election`,
      'system:kube-scheduler',
    ),
    apiserver: who({
      username: 'system:apiserver',
      uid: fixedUuid('user/system:apiserver'),
      groups: ['system:masters'],
      sourceIP: '::1',
      userAgent: `kube-apiserver/${BUILD}`,
      authorizationReason: '',
    }),
    operators: OPERATORS.map((operator, i) => ({ operator, who: who(operatorActor(operator, i)) })),
    humans: HUMANS.map(who),
    probe: who({
      username: 'system:anonymous',
      groups: ['system:unauthenticated'],
      sourceIP: CONTROL_PLANE_IP,
      userAgent: 'kube-probe/1.29',
      authorizationReason:
        'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    }),
  };
}

function makeNodes(rng: Rng, count: number): Node[] {
  const names = new Set<string>(DEFAULT_NODES);
  while (names.size < Math.max(count, DEFAULT_NODES.length))
    names.add(`ip-10-0-${rng.int(10, 63)}-${rng.int(2, 250)}.eu-west-1.compute.internal`);
  return [...names].map((name) => {
    const ip = name.replace(/^ip-(\d+)-(\d+)-(\d+)-(\d+)\..*$/, '$1.$2.$3.$4');
    return {
      name,
      ip,
      leaseUid: fixedUuid(`lease/${name}`),
      kubelet: who({
        username: `system:node:${name}`,
        groups: ['system:nodes', 'system:authenticated'],
        sourceIP: ip,
        userAgent: `kubelet/${BUILD}`,
        authorizationReason: '',
      }),
    };
  });
}

function appState(app: App, rng: Rng): AppState {
  const templateHash = rng.suffix(10);
  const replicas = Number((app.manifest.spec as { replicas?: number }).replicas ?? 3);
  const pods = Array.from({ length: app.kind === 'DaemonSet' ? 12 : replicas }, (_, i) => {
    if (app.kind === 'StatefulSet') return `${app.name}-${i}`;
    if (app.kind === 'Deployment') return `${app.name}-${templateHash}-${rng.suffix()}`;
    return `${app.name}-${rng.suffix()}`;
  });
  return { app, templateHash, pods, prototypes: buildPrototypes(app, templateHash, rng) };
}

function operatorActor(o: Operator, index: number): Actor {
  const reason = `RBAC: allowed by ClusterRoleBinding "${o.serviceAccount}" of ClusterRole "${o.serviceAccount}" to ServiceAccount "${o.serviceAccount}/${o.namespace}"`;
  if (!o.pod) return inClusterClient(o.namespace, o.serviceAccount, o.userAgent, o.ip, reason);
  return serviceAccountToken({
    namespace: o.namespace,
    serviceAccount: o.serviceAccount,
    pod: o.pod,
    // Operators run on the first nodes, which the emulated attacks use too.
    node: DEFAULT_NODES[index % DEFAULT_NODES.length]!,
    podIP: o.ip,
    userAgent: o.userAgent,
    authorizationReason: reason,
  });
}

const HUMANS: Actor[] = [
  developer,
  sre,
  platformAdmin,
  {
    username: 'oidc:l.moreau@acme-corp.io',
    groups: ['oidc:developers', 'oidc:team-payments', 'system:authenticated'],
    sourceIP: '10.20.5.23',
    userAgent: 'k9s/v0.32.4 (darwin/arm64) kubernetes/$Format',
    authorizationReason:
      'RBAC: allowed by ClusterRoleBinding "oidc-developers-view" of ClusterRole "view" to Group "oidc:developers"',
  },
  {
    username: 'oidc:t.nakamura@acme-corp.io',
    groups: ['oidc:developers', 'oidc:team-catalog', 'system:authenticated'],
    sourceIP: '10.20.6.140',
    userAgent: `kubectl/${version} (linux/amd64) kubernetes/${commit}`,
    authorizationReason:
      'RBAC: allowed by ClusterRoleBinding "oidc-developers-view" of ClusterRole "view" to Group "oidc:developers"',
  },
  {
    username: 'oidc:p.haddad@acme-corp.io',
    groups: ['oidc:sre', 'system:authenticated'],
    sourceIP: '10.20.4.203',
    userAgent: 'Lens/2024.5.60916-latest',
    authorizationReason:
      'RBAC: allowed by ClusterRoleBinding "oidc-sre-admin" of ClusterRole "admin" to Group "oidc:sre"',
  },
];
