import type { ImageRef } from './image.js';

/**
 * Images of well-known node agents and add-ons that legitimately run privileged, on the host
 * network or with host mounts. Posture rules (privileged, host namespaces, host paths) skip a
 * workload only when every one of its images is listed here; payload rules (reverse shells,
 * downloaders, miners) never do, so a reverse shell in a kube-proxy image is still caught.
 * Entries match `registry/repository`; `*` matches one DNS label (ECR account regions).
 */
const CATALOGUE: readonly [string, readonly string[]][] = [
  [
    'kube-proxy',
    [
      'registry.k8s.io/kube-proxy',
      'k8s.gcr.io/kube-proxy',
      '*.dkr.ecr.*.amazonaws.com/eks/kube-proxy',
      'mcr.microsoft.com/oss/kubernetes/kube-proxy',
      'gke.gcr.io/kube-proxy-amd64',
      'gke.gcr.io/kube-proxy',
    ],
  ],
  [
    'calico',
    [
      'docker.io/calico/node',
      'quay.io/calico/node',
      'docker.io/calico/cni',
      'quay.io/calico/cni',
      'docker.io/calico/pod2daemon-flexvol',
      'quay.io/calico/pod2daemon-flexvol',
      'docker.io/calico/csi',
      'docker.io/calico/node-driver-registrar',
    ],
  ],
  [
    'cilium',
    ['quay.io/cilium/cilium', 'quay.io/cilium/operator-generic', 'quay.io/cilium/cilium-envoy'],
  ],
  [
    'flannel',
    [
      'docker.io/flannel/flannel',
      'docker.io/flannel/flannel-cni-plugin',
      'ghcr.io/flannel-io/flannel',
      'ghcr.io/flannel-io/flannel-cni-plugin',
    ],
  ],
  [
    'aws-vpc-cni',
    [
      '*.dkr.ecr.*.amazonaws.com/amazon-k8s-cni',
      '*.dkr.ecr.*.amazonaws.com/amazon-k8s-cni-init',
      '*.dkr.ecr.*.amazonaws.com/amazon/aws-network-policy-agent',
    ],
  ],
  [
    'aws-ebs-csi',
    [
      'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver',
      '*.dkr.ecr.*.amazonaws.com/eks/aws-ebs-csi-driver',
      '*.dkr.ecr.*.amazonaws.com/eks/csi-node-driver-registrar',
      '*.dkr.ecr.*.amazonaws.com/eks/livenessprobe',
      'public.ecr.aws/eks-distro/kubernetes-csi/node-driver-registrar',
      'public.ecr.aws/eks-distro/kubernetes-csi/livenessprobe',
    ],
  ],
  [
    'csi-node',
    [
      'registry.k8s.io/sig-storage/csi-node-driver-registrar',
      'registry.k8s.io/sig-storage/livenessprobe',
    ],
  ],
  [
    'gke-node-agents',
    [
      'gke.gcr.io/gke-metadata-server',
      'gke.gcr.io/netd',
      'gke.gcr.io/fluent-bit',
      'gke.gcr.io/fluent-bit-gke-exporter',
      'gke.gcr.io/gcp-compute-persistent-disk-csi-driver',
      'gke.gcr.io/csi-node-driver-registrar',
      'gke.gcr.io/ip-masq-agent',
      'gke.gcr.io/prometheus-to-sd',
    ],
  ],
  [
    'aks-node-agents',
    [
      'mcr.microsoft.com/aks/ip-masq-agent-v2',
      'mcr.microsoft.com/oss/kubernetes-csi/azuredisk-csi',
      'mcr.microsoft.com/oss/kubernetes-csi/azurefile-csi',
      'mcr.microsoft.com/oss/kubernetes-csi/csi-node-driver-registrar',
      'mcr.microsoft.com/oss/kubernetes-csi/livenessprobe',
      'mcr.microsoft.com/azuremonitor/containerinsights/ciprod',
      'mcr.microsoft.com/oss/azure/secrets-store/driver',
    ],
  ],
  [
    'fluent-bit',
    [
      'cr.fluentbit.io/fluent/fluent-bit',
      'docker.io/fluent/fluent-bit',
      'public.ecr.aws/aws-observability/aws-for-fluent-bit',
    ],
  ],
  ['fluentd', ['docker.io/fluent/fluentd-kubernetes-daemonset', 'docker.io/fluent/fluentd']],
  ['promtail', ['docker.io/grafana/promtail']],
  ['vector', ['docker.io/timberio/vector']],
  ['node-exporter', ['quay.io/prometheus/node-exporter', 'docker.io/prom/node-exporter']],
  [
    'node-problem-detector',
    [
      'registry.k8s.io/node-problem-detector/node-problem-detector',
      'k8s.gcr.io/node-problem-detector/node-problem-detector',
    ],
  ],
  [
    'datadog-agent',
    ['gcr.io/datadoghq/agent', 'docker.io/datadog/agent', 'public.ecr.aws/datadog/agent'],
  ],
  [
    'falco',
    [
      'docker.io/falcosecurity/falco',
      'docker.io/falcosecurity/falco-no-driver',
      'docker.io/falcosecurity/falco-driver-loader',
      'docker.io/falcosecurity/falcoctl',
    ],
  ],
];

const exact = new Map<string, string>();
const wildcard: { name: string; pattern: RegExp }[] = [];
for (const [name, repos] of CATALOGUE) {
  for (const repo of repos) {
    if (repo.includes('*')) {
      const source = repo.split('*').map(escapeRegExp).join('[a-z0-9-]+');
      wildcard.push({ name, pattern: new RegExp(`^${source}$`) });
    } else exact.set(repo, name);
  }
}

/** The catalogue name of an image, or null when it is not a known system component. */
export function systemComponentOf(image: ImageRef): string | null {
  const key = `${image.registry}/${image.repository}`;
  const known = exact.get(key);
  if (known) return known;
  for (const w of wildcard) if (w.pattern.test(key)) return w.name;
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
