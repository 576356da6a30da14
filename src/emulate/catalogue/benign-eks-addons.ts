import type { Actor, Scenario } from '../types.js';
import { appsWorkload, container, hostPathVolume, mount } from './manifests.js';
import { patch } from './steps.js';

const ECR = '602401143452.dkr.ecr.us-west-2.amazonaws.com';

/** EKS managed add-ons are server-side applied by this identity with field manager "eks". */
const eksAddonManager: Actor = {
  username: 'eks:addon-manager',
  groups: ['system:authenticated'],
  sourceIP: '10.0.3.214',
  userAgent: 'eks-addon-manager/v0.0.0 (linux/amd64) kubernetes/$Format',
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "eks:addon-manager" of ClusterRole "eks:addon-manager" to User "eks:addon-manager"',
};

const eks = { fieldManager: 'eks', followUps: 2 };
const base = {
  technique: 'T1610',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};

export const kubeProxy = appsWorkload(
  'DaemonSet',
  {
    name: 'kube-proxy',
    namespace: 'kube-system',
    labels: { 'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy' },
  },
  {
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'kube-proxy',
    tolerations: [{ operator: 'Exists' }],
    volumes: [
      hostPathVolume('varlog', '/var/log'),
      hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
      hostPathVolume('lib-modules', '/lib/modules'),
      { name: 'kubeconfig', configMap: { name: 'kube-proxy' } },
      { name: 'config', configMap: { name: 'kube-proxy-config' } },
    ],
    containers: [
      container('kube-proxy', `${ECR}/eks/kube-proxy:v1.29.3-minimal-eksbuild.2`, {
        command: [
          'kube-proxy',
          '--v=2',
          '--config=/var/lib/kube-proxy-config/config',
          '--hostname-override=$(NODE_NAME)',
        ],
        env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        resources: { requests: { cpu: '100m' } },
        securityContext: { privileged: true },
        volumeMounts: [
          mount('varlog', '/var/log'),
          mount('xtables-lock', '/run/xtables.lock'),
          mount('lib-modules', '/lib/modules', true),
          mount('kubeconfig', '/var/lib/kube-proxy/'),
          mount('config', '/var/lib/kube-proxy-config/'),
        ],
      }),
    ],
  },
  {
    selector: { 'k8s-app': 'kube-proxy' },
    spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } },
  },
);

const awsNode = appsWorkload(
  'DaemonSet',
  {
    name: 'aws-node',
    namespace: 'kube-system',
    labels: { 'app.kubernetes.io/name': 'aws-node', 'k8s-app': 'aws-node' },
  },
  {
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'aws-node',
    terminationGracePeriodSeconds: 10,
    tolerations: [{ operator: 'Exists' }],
    volumes: [
      hostPathVolume('bpf-pin-path', '/sys/fs/bpf'),
      hostPathVolume('cni-bin-dir', '/opt/cni/bin'),
      hostPathVolume('cni-net-dir', '/etc/cni/net.d'),
      hostPathVolume('log-dir', '/var/log/aws-routed-eni', 'DirectoryOrCreate'),
      hostPathVolume('run-dir', '/var/run/aws-node', 'DirectoryOrCreate'),
      hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
    ],
    initContainers: [
      container('aws-vpc-cni-init', `${ECR}/amazon-k8s-cni-init:v1.18.1-eksbuild.1`, {
        env: [
          { name: 'DISABLE_TCP_EARLY_DEMUX', value: 'false' },
          { name: 'ENABLE_IPv6', value: 'false' },
        ],
        resources: { requests: { cpu: '25m' } },
        securityContext: { privileged: true },
        volumeMounts: [mount('cni-bin-dir', '/host/opt/cni/bin')],
      }),
    ],
    containers: [
      container('aws-node', `${ECR}/amazon-k8s-cni:v1.18.1-eksbuild.1`, {
        ports: [{ name: 'metrics', containerPort: 61678 }],
        env: [
          { name: 'ADDITIONAL_ENI_TAGS', value: '{}' },
          { name: 'AWS_VPC_K8S_CNI_LOGLEVEL', value: 'DEBUG' },
          { name: 'MY_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
        resources: { requests: { cpu: '25m' } },
        securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
        volumeMounts: [
          mount('cni-bin-dir', '/host/opt/cni/bin'),
          mount('cni-net-dir', '/host/etc/cni/net.d'),
          mount('log-dir', '/host/var/log/aws-routed-eni'),
          mount('run-dir', '/var/run/aws-node'),
          mount('xtables-lock', '/run/xtables.lock'),
        ],
      }),
      container('aws-eks-nodeagent', `${ECR}/amazon/aws-network-policy-agent:v1.1.1-eksbuild.1`, {
        args: [
          '--enable-ipv6=false',
          '--enable-network-policy=false',
          '--enable-cloudwatch-logs=false',
          '--metrics-bind-addr=:8162',
          '--health-probe-bind-addr=:8163',
        ],
        resources: { requests: { cpu: '25m' } },
        securityContext: { capabilities: { add: ['NET_ADMIN'] }, privileged: true },
        volumeMounts: [
          { name: 'bpf-pin-path', mountPath: '/sys/fs/bpf' },
          mount('log-dir', '/var/log/aws-routed-eni'),
          mount('run-dir', '/var/run/aws-node'),
        ],
      }),
    ],
  },
  {
    selector: { 'k8s-app': 'aws-node' },
    spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } },
  },
);

/** The EBS CSI node DaemonSet as the add-on installs it (the log generator runs it too). */
export const ebsCsiNode = appsWorkload(
  'DaemonSet',
  {
    name: 'ebs-csi-node',
    namespace: 'kube-system',
    labels: { 'app.kubernetes.io/name': 'aws-ebs-csi-driver', app: 'ebs-csi-node' },
  },
  {
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'ebs-csi-node-sa',
    tolerations: [{ operator: 'Exists' }],
    volumes: [
      hostPathVolume('kubelet-dir', '/var/lib/kubelet', 'Directory'),
      hostPathVolume(
        'plugin-dir',
        '/var/lib/kubelet/plugins/ebs.csi.aws.com/',
        'DirectoryOrCreate',
      ),
      hostPathVolume('registration-dir', '/var/lib/kubelet/plugins_registry/', 'Directory'),
      hostPathVolume('device-dir', '/dev', 'Directory'),
    ],
    containers: [
      container('ebs-plugin', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.30.0', {
        args: ['node', '--endpoint=$(CSI_ENDPOINT)', '--logging-format=text', '--v=2'],
        env: [
          { name: 'CSI_ENDPOINT', value: 'unix:/csi/csi.sock' },
          { name: 'CSI_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
        securityContext: { privileged: true, readOnlyRootFilesystem: true },
        volumeMounts: [
          { name: 'kubelet-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' },
          mount('plugin-dir', '/csi'),
          mount('device-dir', '/dev'),
        ],
      }),
      container(
        'node-driver-registrar',
        'public.ecr.aws/eks-distro/kubernetes-csi/node-driver-registrar:v2.10.1-eks-1-30-4',
        {
          args: [
            '--csi-address=$(ADDRESS)',
            '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)',
            '--v=2',
          ],
          env: [
            { name: 'ADDRESS', value: '/csi/csi.sock' },
            {
              name: 'DRIVER_REG_SOCK_PATH',
              value: '/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock',
            },
          ],
          volumeMounts: [mount('plugin-dir', '/csi'), mount('registration-dir', '/registration')],
        },
      ),
      container(
        'liveness-probe',
        'public.ecr.aws/eks-distro/kubernetes-csi/livenessprobe:v2.12.0-eks-1-30-4',
        {
          args: ['--csi-address=/csi/csi.sock'],
          volumeMounts: [mount('plugin-dir', '/csi')],
        },
      ),
    ],
  },
);

/** EKS managed add-ons, server-side applied by the add-on manager. */
export const EKS_ADDON_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'eks-kube-proxy-daemonset',
    title: 'EKS kube-proxy add-on (server-side apply by eks:addon-manager)',
    description:
      'Privileged, host network, /run/xtables.lock and read-only /lib/modules, from the EKS ECR account.',
    source: 'kube-proxy',
    steps: [patch(eksAddonManager, kubeProxy, 'apply', kubeProxy, eks)],
  },
  {
    ...base,
    id: 'eks-aws-node-daemonset',
    title: 'EKS VPC CNI (aws-node) add-on',
    description:
      'Privileged init container, NET_ADMIN/NET_RAW agent, privileged network policy agent, CNI host paths and /sys/fs/bpf.',
    source: 'cloud add-on (AWS VPC CNI)',
    steps: [patch(eksAddonManager, awsNode, 'apply', awsNode, eks)],
  },
  {
    ...base,
    id: 'eks-ebs-csi-node-daemonset',
    title: 'EBS CSI node plugin add-on',
    description:
      'Privileged plugin with Bidirectional /var/lib/kubelet propagation and /dev, plus registrar and liveness sidecars.',
    source: 'cloud add-on (EBS CSI)',
    steps: [patch(eksAddonManager, ebsCsiNode, 'apply', ebsCsiNode, eks)],
  },
];
