import { pinToNode, podFromTemplate } from '../controllers.js';
import type { JsonObject } from '../json.js';
import type { Scenario } from '../types.js';
import { controller, inClusterClient, sre } from './actors.js';
import { kubeProxy } from './benign-eks-addons.js';
import { appsWorkload, container, cronJob } from './manifests.js';
import { create, patch } from './steps.js';

const argocd = inClusterClient(
  'argocd',
  'argocd-application-controller',
  'argocd-application-controller/v2.10.7+b060053 (linux/amd64)',
  '10.0.20.31',
  'RBAC: allowed by ClusterRoleBinding "argocd-application-controller" of ClusterRole "argocd-application-controller" to ServiceAccount "argocd-application-controller/argocd"',
);

const deployment = (
  name: string,
  namespace: string,
  image: string,
  revision: string,
  replicas = 3,
): JsonObject =>
  appsWorkload(
    'Deployment',
    {
      name,
      namespace,
      labels: { app: name },
      annotations: { 'deployment.kubernetes.io/revision': revision },
    },
    {
      containers: [
        container(name, image, {
          ports: [{ containerPort: 8080, name: 'http' }],
          resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
        }),
      ],
    },
    { replicas },
  );

const owner = (apiVersion: string, kind: string, name: string, uid: string) => [
  { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true },
];

/** A kube-proxy pod for a node that just joined, as the DaemonSet controller creates it. */
function kubeProxyPod(): JsonObject {
  const daemonSet = {
    ...kubeProxy,
    metadata: {
      ...(kubeProxy.metadata as JsonObject),
      uid: '0c8d2e4f-6a1b-4c3d-9e5f-7a8b9c0d1e2f',
      generation: 3,
    },
  };
  const pod = podFromTemplate(
    daemonSet,
    'apps/v1',
    'DaemonSet',
    { generateName: 'kube-proxy-' },
    {
      'controller-revision-hash': '6b9c7d8f5d',
      'pod-template-generation': '3',
    },
  );
  pinToNode(pod, 'ip-10-0-52-140.eu-west-1.compute.internal', true);
  return pod;
}

const base = {
  technique: 'T1053.007',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};

/** Controllers doing their job, day-two operations, and the API chatter around them. */
export const OPERATIONS_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'cronjob-controller-runs-benign-cronjob',
    title: 'CronJob controller starts the 09:00 run of a report CronJob',
    description:
      'Only controller writes: the Job for a scheduled time, then its Pod from the job controller.',
    source: 'kube-controller-manager',
    steps: [
      create(
        controller('cronjob-controller'),
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            name: 'nightly-report-29893500',
            creationTimestamp: '2026-11-02T09:00:00Z',
            annotations: {
              'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-11-02T09:00:00Z',
            },
            ownerReferences: owner(
              'batch/v1',
              'CronJob',
              'nightly-report',
              '4e6a8c0b-2d4f-4a6b-8c0d-2e4f6a8b0c1d',
            ),
          },
          spec: {
            template: {
              spec: {
                containers: [
                  container('report', 'python:3.12-slim', {
                    command: ['python', '/app/build_report.py', '--date', 'yesterday'],
                  }),
                ],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
        { namespace: 'reports', query: '', followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'daemon-set-controller-kube-proxy-pod',
    title: 'DaemonSet controller creates kube-proxy on a new node',
    description:
      'A privileged, host-network kube-proxy pod, pinned to its node, written by the DaemonSet controller.',
    source: 'kube-controller-manager',
    steps: [
      create(controller('daemon-set-controller'), kubeProxyPod(), {
        namespace: 'kube-system',
        query: '',
      }),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'rollout-restart-deployment',
    title: 'kubectl rollout restart of a Deployment',
    description:
      'A strategic-merge patch of one pod-template annotation; the controller rolls a new ReplicaSet.',
    source: 'day-two operations',
    steps: [
      patch(
        sre,
        deployment(
          'checkout-api',
          'checkout',
          'registry.acme-corp.io/shop/checkout-api:2.14.3',
          '7',
        ),
        'strategic',
        {
          spec: {
            template: {
              metadata: {
                annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-02T09:41:07Z' },
              },
            },
          },
        },
        {
          fieldManager: 'kubectl-rollout',
          followUps: 1,
          kubectl: 'kubectl rollout restart deployment/checkout-api --namespace=checkout',
        },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'hpa-scale-update',
    title: 'Horizontal Pod Autoscaler scales a Deployment from 3 to 6',
    description: 'An update of deployments/scale with an autoscaling/v1 Scale body.',
    source: 'day-two operations',
    steps: [
      {
        actor: controller('horizontal-pod-autoscaler'),
        verb: 'update',
        resource: 'deployments',
        apiGroup: 'apps',
        apiVersion: 'v1',
        namespace: 'search',
        name: 'search-api',
        subresource: 'scale',
        existing: {
          ...deployment('search-api', 'search', 'registry.acme-corp.io/search/api:4.2.0', '12'),
          status: {
            observedGeneration: 12,
            replicas: 3,
            updatedReplicas: 3,
            readyReplicas: 3,
            availableReplicas: 3,
          },
        },
        object: { spec: { replicas: 6 } },
        query: '',
      },
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'argocd-ssa-deployment',
    title: 'Argo CD server-side apply bumps an image tag',
    description:
      'Argo CD syncs with ServerSideApply: a patch (apply) of the whole manifest, field manager argocd-controller.',
    source: 'GitOps',
    steps: [
      patch(
        argocd,
        deployment(
          'inventory-api',
          'inventory',
          'registry.acme-corp.io/inventory/api:1.8.3',
          '21',
          2,
        ),
        'apply',
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {
            name: 'inventory-api',
            namespace: 'inventory',
            labels: { app: 'inventory-api', 'app.kubernetes.io/instance': 'inventory' },
          },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'inventory-api' } },
            template: {
              metadata: { labels: { app: 'inventory-api' } },
              spec: {
                containers: [
                  {
                    name: 'inventory-api',
                    image: 'registry.acme-corp.io/inventory/api:1.8.3',
                    ports: [{ containerPort: 8080, name: 'http' }],
                    resources: {
                      requests: { cpu: '250m', memory: '256Mi' },
                      limits: { memory: '512Mi' },
                    },
                  },
                ],
              },
            },
          },
        },
        {
          existing: deployment(
            'inventory-api',
            'inventory',
            'registry.acme-corp.io/inventory/api:1.8.2',
            '21',
            2,
          ),
          query: 'fieldManager=argocd-controller&force=true',
          fieldManager: 'argocd-controller',
          followUps: 1,
        },
      ),
    ],
  },
  {
    ...base,
    id: 'cronjob-suspend-toggle-patch',
    title: 'Suspending a CronJob with a merge patch',
    description: 'kubectl patch --type merge -p \'{"spec":{"suspend":true}}\' during an incident.',
    source: 'day-two operations',
    steps: [
      patch(
        sre,
        cronJob({ name: 'newsletter-sender', namespace: 'marketing' }, '0 8 * * 1', {
          containers: [
            container('sender', 'registry.acme-corp.io/marketing/newsletter:1.3.0', {
              args: ['send', '--list=weekly'],
            }),
          ],
          restartPolicy: 'OnFailure',
        }),
        'merge',
        { spec: { suspend: true } },
      ),
    ],
  },
];
