import type { KindName } from './resources.js';

/**
 * In-cluster clients with their own service accounts: what they read (through informers and
 * gets), and the leader-election lease they renew. Those that list or watch Secrets are the
 * ones the secrets-enumeration rule knows (kube-system accounts and its operator list).
 */
export interface Operator {
  namespace: string;
  serviceAccount: string;
  /** The pod a bound token was issued for (user.extra); absent for legacy tokens. */
  pod?: string;
  userAgent: string;
  ip: string;
  reads: KindName[];
  lease?: { namespace: string; name: string };
  /** Share of the operators' read traffic. */
  weight: number;
}

export const OPERATORS: Operator[] = [
  {
    namespace: 'argocd',
    serviceAccount: 'argocd-application-controller',
    pod: 'argocd-application-controller-0',
    userAgent: 'argocd-application-controller/v2.11.3+3f344d5 (linux/amd64) kubernetes/v0.0.0',
    ip: '10.0.41.17',
    reads: [
      'deployments',
      'services',
      'configmaps',
      'secrets',
      'applications',
      'ingresses',
      'cronjobs',
      'statefulsets',
    ],
    weight: 4,
  },
  {
    namespace: 'monitoring',
    serviceAccount: 'kube-state-metrics',
    pod: 'kube-state-metrics-6b8d9f5c7-qx4zl',
    userAgent: 'kube-state-metrics/v2.12.0 (linux/amd64) kubernetes/v0.0.0',
    ip: '10.0.38.201',
    reads: [
      'pods',
      'nodes',
      'deployments',
      'jobs',
      'cronjobs',
      'secrets',
      'configmaps',
      'pvcs',
      'hpas',
      'leases',
    ],
    weight: 4,
  },
  {
    namespace: 'monitoring',
    serviceAccount: 'prometheus-k8s',
    pod: 'prometheus-k8s-0',
    userAgent: 'Prometheus/2.52.0',
    ip: '10.0.38.77',
    reads: ['pods', 'endpoints', 'services', 'endpointslices', 'nodes'],
    weight: 3,
  },
  {
    namespace: 'monitoring',
    serviceAccount: 'prometheus-operator',
    pod: 'prometheus-operator-7d6b6f8c9-2m4rw',
    userAgent: 'PrometheusOperator/0.74.0',
    ip: '10.0.38.19',
    reads: ['servicemonitors', 'secrets', 'configmaps', 'statefulsets', 'namespaces'],
    weight: 1,
  },
  {
    namespace: 'cert-manager',
    serviceAccount: 'cert-manager',
    pod: 'cert-manager-5d8f7b9c6-k7xqz',
    userAgent: 'cert-manager-controller/v1.14.5 (linux/amd64) cert-manager/e5d0bff1e2d3c2f1e5e4',
    ip: '10.0.44.61',
    reads: ['certificates', 'secrets', 'ingresses'],
    lease: { namespace: 'kube-system', name: 'cert-manager-controller' },
    weight: 2,
  },
  {
    namespace: 'ingress-nginx',
    serviceAccount: 'ingress-nginx',
    pod: 'ingress-nginx-controller-6f9c8d7b5-xw2pk',
    userAgent:
      'nginx-ingress-controller/v1.10.1 (linux/amd64) ingress-nginx/4fb5aac1dd3669daa3a14d9de3e3cdb371b4c518',
    ip: '10.0.44.9',
    reads: ['ingresses', 'services', 'endpointslices', 'secrets', 'configmaps'],
    lease: { namespace: 'ingress-nginx', name: 'ingress-nginx-leader' },
    weight: 3,
  },
  {
    namespace: 'kube-system',
    serviceAccount: 'coredns',
    pod: 'coredns-5b9dfbf96-8xk2q',
    userAgent: 'coredns/v1.11.1 (linux/amd64) kubernetes/v0.0.0',
    ip: '10.0.33.41',
    reads: ['endpointslices', 'services', 'namespaces'],
    weight: 2,
  },
  {
    namespace: 'kube-system',
    serviceAccount: 'aws-load-balancer-controller',
    pod: 'aws-load-balancer-controller-7c5d9b8f4-n2xlm',
    userAgent: 'aws-load-balancer-controller/v2.8.1 (linux/amd64) kubernetes/v0.0.0',
    ip: '10.0.14.88',
    reads: ['ingresses', 'services', 'endpointslices', 'secrets', 'nodes', 'pods'],
    lease: { namespace: 'kube-system', name: 'aws-load-balancer-controller-leader' },
    weight: 2,
  },
  {
    namespace: 'kube-system',
    serviceAccount: 'cluster-autoscaler',
    pod: 'cluster-autoscaler-6c7f9d8b5-vk9tr',
    userAgent: 'cluster-autoscaler/v1.29.2 (linux/amd64) kubernetes/v0.0.0',
    ip: '10.0.14.31',
    reads: ['nodes', 'pods', 'pdbs', 'statefulsets', 'replicasets', 'csinodes', 'pvcs'],
    lease: { namespace: 'kube-system', name: 'cluster-autoscaler' },
    weight: 2,
  },
  {
    namespace: 'kube-system',
    serviceAccount: 'ebs-csi-controller-sa',
    pod: 'ebs-csi-controller-7b6c8f9d5-hx4qp',
    userAgent: 'csi-provisioner/v4.0.1 (linux/amd64) kubernetes/v0.0.0',
    ip: '10.0.45.112',
    reads: ['pvcs', 'pvs', 'storageclasses', 'csinodes', 'nodes'],
    lease: { namespace: 'kube-system', name: 'ebs-csi-aws-com' },
    weight: 1,
  },
  {
    namespace: 'kube-system',
    serviceAccount: 'metrics-server',
    pod: 'metrics-server-5f8b9c7d6-zq2xm',
    userAgent: 'metrics-server/v0.7.1 (linux/amd64) kubernetes/v0.0.0',
    ip: '10.0.33.96',
    reads: ['nodes', 'pods', 'configmaps'],
    weight: 1,
  },
  {
    namespace: 'external-dns',
    serviceAccount: 'external-dns',
    pod: 'external-dns-7f9d6c8b5-pl4wx',
    userAgent: 'external-dns/v0.14.2',
    ip: '10.0.45.7',
    reads: ['services', 'ingresses', 'nodes', 'pods'],
    lease: { namespace: 'external-dns', name: 'external-dns' },
    weight: 1,
  },
  {
    namespace: 'logging',
    serviceAccount: 'fluent-bit',
    userAgent: 'Fluent-Bit',
    ip: '10.0.14.202',
    reads: ['pods', 'namespaces'],
    weight: 2,
  },
  {
    namespace: 'velero',
    serviceAccount: 'velero',
    pod: 'velero-6b7d8f9c5-m2xkq',
    userAgent: 'velero-server/v1.13.2 (linux/amd64) 4d9a3a9',
    ip: '10.0.45.140',
    reads: ['namespaces', 'pvcs', 'pvs', 'secrets', 'configmaps'],
    weight: 1,
  },
  {
    namespace: 'payments',
    serviceAccount: 'payments-api',
    pod: 'payments-api-6d4b8f7c9-2xkpl',
    userAgent: 'payments-api/3.4.0 (linux/amd64) kubernetes/v0.29.3',
    ip: '10.0.35.140',
    reads: ['configmaps'],
    weight: 1,
  },
];
