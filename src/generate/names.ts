import type { AppState, Cluster } from './cluster.js';
import type { Rng } from './random.js';
import type { KindName } from './resources.js';

export interface Target {
  namespace?: string;
  name: string;
}

const SYSTEM_CONFIGMAPS = [
  'kube-root-ca.crt',
  'coredns',
  'kube-proxy',
  'extension-apiserver-authentication',
];

/** An existing object of the kind, named the way the cluster's controllers and charts name it. */
export function existing(kind: KindName, cluster: Cluster, rng: Rng): Target {
  const state = rng.pick(cluster.apps);
  const { app } = state;
  const ns = app.namespace;
  switch (kind) {
    case 'pods':
      return { namespace: ns, name: rng.pick(state.pods) };
    case 'configmaps':
      return rng.chance(0.15)
        ? { namespace: 'kube-system', name: rng.pick(SYSTEM_CONFIGMAPS) }
        : { namespace: ns, name: rng.pick(app.configMaps) };
    case 'secrets':
      return secretOf(cluster, rng);
    case 'services':
    case 'endpoints':
    case 'ingresses':
    case 'hpas':
    case 'pdbs':
    case 'servicemonitors': {
      // Only the services answer requests: CronJobs and node agents have no Service.
      const served = rng.pick(
        cluster.apps.filter((s) => s.app.kind === 'Deployment' || s.app.kind === 'StatefulSet'),
      );
      return { namespace: served.app.namespace, name: served.app.name };
    }
    case 'serviceaccounts':
      return { namespace: ns, name: rng.chance(0.3) ? 'default' : app.name };
    case 'endpointslices': {
      const service = existing('services', cluster, rng);
      return { namespace: service.namespace, name: `${service.name}-${rng.suffix()}` };
    }
    case 'replicasets':
      return { namespace: ns, name: `${app.name}-${state.templateHash}` };
    case 'deployments':
    case 'statefulsets':
    case 'daemonsets':
    case 'cronjobs':
      return ofKind(kind, cluster, rng);
    case 'jobs': {
      const cron = ofKind('cronjobs', cluster, rng);
      return { namespace: cron.namespace, name: `${cron.name}-${rng.int(29_300_000, 29_400_000)}` };
    }
    case 'pvcs':
      return { namespace: ns, name: `data-${app.name}-0` };
    case 'nodes':
    case 'csinodes':
      return { name: rng.pick(cluster.nodes).name };
    case 'namespaces':
      return { name: ns };
    case 'pvs':
      return { name: `pvc-${rng.uuid()}` };
    case 'leases':
      return { namespace: 'kube-node-lease', name: rng.pick(cluster.nodes).name };
    case 'certificates':
      return { namespace: ns, name: `${app.name}-tls` };
    case 'applications':
      return { namespace: 'argocd', name: app.name };
    case 'storageclasses':
      return { name: rng.pick(['gp3', 'gp2', 'io2']) };
    case 'csidrivers':
      return { name: 'ebs.csi.aws.com' };
    case 'runtimeclasses':
      return { name: 'runc' };
    case 'clusterroles':
    case 'clusterrolebindings':
      return {
        name: rng.pick(['view', 'edit', 'admin', 'system:aggregate-to-view', 'cluster-admin']),
      };
    case 'roles':
    case 'rolebindings':
      return { namespace: ns, name: `${app.name}-reader` };
    default:
      return { namespace: ns, name: app.name };
  }
}

function secretOf(cluster: Cluster, rng: Rng): Target {
  const withSecrets = cluster.apps.filter((s) => s.app.secrets.length > 0);
  const state = rng.pick(withSecrets);
  return { namespace: state.app.namespace, name: rng.pick(state.app.secrets) };
}

function ofKind(kind: KindName, cluster: Cluster, rng: Rng): Target {
  const wanted: Record<string, string> = {
    deployments: 'Deployment',
    statefulsets: 'StatefulSet',
    daemonsets: 'DaemonSet',
    cronjobs: 'CronJob',
  };
  const states: AppState[] = cluster.apps.filter((s) => s.app.kind === wanted[kind]);
  const state = rng.pick(states);
  return { namespace: state.app.namespace, name: state.app.name };
}

/** Namespaces clients work in: those of the apps. */
export function someNamespace(cluster: Cluster, rng: Rng): string {
  return rng.pick(cluster.apps).app.namespace;
}
