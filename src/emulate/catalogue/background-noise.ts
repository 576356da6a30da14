import type { Actor, Scenario, ScenarioStep } from '../types.js';
import { inClusterClient, serviceAccountToken } from './actors.js';
import { get } from './steps.js';

const kubeScheduler: Actor = {
  username: 'system:kube-scheduler',
  groups: ['system:authenticated'],
  sourceIP: '10.0.1.10',
  userAgent: 'kube-scheduler/v1.29.3 (linux/amd64) kubernetes/6813625/leader-election',
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
};

const NODE = 'ip-10-0-33-17.eu-west-1.compute.internal';
const kubelet: Actor = {
  username: `system:node:${NODE}`,
  groups: ['system:nodes', 'system:authenticated'],
  sourceIP: '10.0.33.17',
  userAgent: 'kubelet/v1.29.3 (linux/amd64) kubernetes/6813625',
  authorizationReason: '',
};

const ingressController = inClusterClient(
  'ingress-nginx',
  'ingress-nginx',
  'nginx-ingress-controller/v1.10.1 (linux/amd64) ingress-nginx/4fb5aac1dd3669daa3a14d9de3e3cdb371b4c518',
  '10.0.44.9',
  'RBAC: allowed by RoleBinding "ingress-nginx/ingress-nginx" of Role "ingress-nginx" to ServiceAccount "ingress-nginx/ingress-nginx"',
);

const paymentsApi = serviceAccountToken({
  namespace: 'payments',
  serviceAccount: 'payments-api',
  pod: 'payments-api-6d4b8f7c9-2xkpl',
  node: NODE,
  podIP: '10.0.35.140',
  userAgent: 'payments-api/3.4.0 (linux/amd64) kubernetes/v0.29.3',
  authorizationReason:
    'RBAC: allowed by RoleBinding "payments-api-secrets/payments" of Role "secret-reader" to ServiceAccount "payments-api/payments"',
});

function leaseRenewal(
  actor: Actor,
  namespace: string,
  name: string,
  holder: string,
  count: number,
): ScenarioStep[] {
  const lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace },
    spec: {
      holderIdentity: holder,
      leaseDurationSeconds: namespace === 'kube-node-lease' ? 40 : 15,
      leaseTransitions: 3,
    },
  };
  return Array.from({ length: count }, (_, i) => ({
    actor,
    verb: 'update' as const,
    resource: 'leases',
    apiGroup: 'coordination.k8s.io',
    apiVersion: 'v1',
    namespace,
    name,
    existing: lease,
    object: { spec: { ...lease.spec, renewTime: `2026-11-02T09:00:0${2 * i}.000000Z` } },
    // Leader election and node heartbeats bound each request with a client-side timeout.
    query: namespace === 'kube-node-lease' ? 'timeout=10s' : 'timeout=5s',
    ...(i > 0 ? { delaySeconds: namespace === 'kube-node-lease' ? 10 : 2 } : {}),
  }));
}

const noise = {
  technique: 'T1053.007',
  kind: 'benign' as const,
  expect: { maxSeverity: 'informational' as const },
};

/** API chatter every cluster has: lease renewals and Metadata-level reads. */
export const BACKGROUND_NOISE_SCENARIOS: Scenario[] = [
  {
    ...noise,
    id: 'noise-scheduler-lease-renewals',
    title: 'kube-scheduler renewing its leader-election lease',
    description: 'Metadata-level lease updates every two seconds.',
    source: 'background API traffic',
    steps: leaseRenewal(
      kubeScheduler,
      'kube-system',
      'kube-scheduler',
      'ip-10-0-1-10_3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1e',
      3,
    ),
  },
  {
    ...noise,
    id: 'noise-kubelet-node-lease',
    title: 'A kubelet renewing its node lease',
    description: 'The node heartbeat, allowed by the Node authorizer (empty reason).',
    source: 'background API traffic',
    steps: leaseRenewal(kubelet, 'kube-node-lease', NODE, NODE, 2),
  },
  {
    ...noise,
    id: 'noise-configmap-get',
    title: 'ingress-nginx reading its ConfigMap',
    description: 'A Metadata-level get.',
    source: 'background API traffic',
    steps: [
      get(ingressController, {
        resource: 'configmaps',
        apiGroup: '',
        apiVersion: 'v1',
        namespace: 'ingress-nginx',
        name: 'ingress-nginx-controller',
      }),
    ],
  },
  {
    ...noise,
    id: 'noise-secret-get-metadata',
    title: 'An application reading its database Secret',
    description: 'Secrets are logged at Metadata level so their data never reaches the log.',
    source: 'background API traffic',
    steps: [
      get(paymentsApi, {
        resource: 'secrets',
        apiGroup: '',
        apiVersion: 'v1',
        namespace: 'payments',
        name: 'payments-db-credentials',
      }),
    ],
  },
];
