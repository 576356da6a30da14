import type { Actor, Scenario } from '../types.js';
import { appsWorkload, container, hostPathVolume, mount } from './manifests.js';
import { applyClientSide } from './steps.js';

/** GKE's addon manager runs kubectl apply against the cluster from the control plane. */
const gkeAddonManager: Actor = {
  username: 'system:addon-manager',
  groups: ['system:authenticated'],
  sourceIP: '172.16.0.2',
  userAgent: 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625',
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "system:addon-manager" of ClusterRole "cluster-admin" to User "system:addon-manager"',
};

/** AKS's control plane client; system:masters is allowed before RBAC, so no reason text. */
const aksMasterClient: Actor = {
  username: 'masterclient',
  groups: ['system:masters', 'system:authenticated'],
  sourceIP: '172.31.22.18',
  userAgent: 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625',
  authorizationReason: '',
};

const base = {
  technique: 'T1610',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};
const reconcile = { 'addonmanager.kubernetes.io/mode': 'Reconcile' };

/** GKE and AKS add-ons, applied by their providers' addon managers. */
export const CLOUD_ADDON_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'gke-metadata-server-daemonset',
    title: 'GKE metadata server for Workload Identity',
    description:
      'Applied by the GKE addon manager: host network, privileged, kubelet credentials mounted read-only.',
    source: 'cloud add-on (GKE)',
    steps: [
      applyClientSide(
        gkeAddonManager,
        appsWorkload(
          'DaemonSet',
          {
            name: 'gke-metadata-server',
            namespace: 'kube-system',
            labels: { ...reconcile, 'k8s-app': 'gke-metadata-server' },
          },
          {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'gke-metadata-server',
            nodeSelector: {
              'iam.gke.io/gke-metadata-server-enabled': 'true',
              'kubernetes.io/os': 'linux',
            },
            tolerations: [{ operator: 'Exists' }],
            volumes: [
              hostPathVolume('kubelet-credentials', '/var/lib/kubelet/kubeconfig', 'File'),
              hostPathVolume('kubelet-pki', '/var/lib/kubelet/pki', 'Directory'),
            ],
            containers: [
              container('gke-metadata-server', 'gke.gcr.io/gke-metadata-server:20240308_2300_RC0', {
                command: [
                  '/gke-metadata-server',
                  '--logtostderr',
                  '--token-exchange-endpoint=https://securetoken.googleapis.com/v1/identitybindingtoken',
                  '--identity-namespace=acme-prod.svc.id.goog',
                ],
                securityContext: { privileged: true },
                resources: {
                  requests: { cpu: '100m', memory: '100Mi' },
                  limits: { memory: '100Mi' },
                },
                volumeMounts: [
                  mount('kubelet-credentials', '/var/lib/kubelet/kubeconfig', true),
                  mount('kubelet-pki', '/var/lib/kubelet/pki', true),
                ],
              }),
            ],
          },
          { selector: { 'k8s-app': 'gke-metadata-server' } },
        ),
        { followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    id: 'aks-ip-masq-agent-daemonset',
    title: 'AKS ip-masq-agent-v2 from the AKS control plane',
    description:
      'Host network with NET_ADMIN and NET_RAW, applied by masterclient (system:masters).',
    source: 'cloud add-on (AKS)',
    steps: [
      applyClientSide(
        aksMasterClient,
        appsWorkload(
          'DaemonSet',
          {
            name: 'azure-ip-masq-agent',
            namespace: 'kube-system',
            labels: {
              ...reconcile,
              component: 'azure-ip-masq-agent',
              'kubernetes.azure.com/managedby': 'aks',
            },
          },
          {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { operator: 'Exists', effect: 'NoExecute' },
              { operator: 'Exists', effect: 'NoSchedule' },
            ],
            volumes: [
              {
                name: 'azure-ip-masq-agent-config-volume',
                projected: {
                  sources: [
                    {
                      configMap: { name: 'azure-ip-masq-agent-config-reconciled', optional: true },
                    },
                  ],
                },
              },
            ],
            containers: [
              container('azure-ip-masq-agent', 'mcr.microsoft.com/aks/ip-masq-agent-v2:v0.1.11', {
                args: ['--enable-ipv6=false'],
                resources: {
                  requests: { cpu: '100m', memory: '50Mi' },
                  limits: { cpu: '500m', memory: '250Mi' },
                },
                securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
                volumeMounts: [mount('azure-ip-masq-agent-config-volume', '/etc/config')],
              }),
            ],
          },
          { selector: { 'k8s-app': 'azure-ip-masq-agent' } },
        ),
        { followUps: 2 },
      ),
    ],
  },
];
