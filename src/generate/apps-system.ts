import { kubeProxy } from '../emulate/catalogue/benign-eks-addons.js';
import { appsWorkload, container, hostPathVolume, mount } from '../emulate/catalogue/manifests.js';
import type { JsonObject } from '../emulate/json.js';
import type { App } from './apps.js';
import { resources } from './app-parts.js';

/**
 * Node agents. Every image is a known system component (src/normalize/system-components.ts),
 * which is what keeps their host mounts, host namespaces and privileges from alerting.
 */
function daemonSet(name: string, namespace: string, manifest: JsonObject, weight: number): App {
  return {
    name,
    namespace,
    kind: 'DaemonSet',
    manifest,
    podSecurity: 'privileged:latest',
    configMaps: [name, 'kube-root-ca.crt'],
    secrets: [],
    weight,
  };
}

const fluentBit = appsWorkload(
  'DaemonSet',
  { name: 'fluent-bit', namespace: 'logging', labels: { 'app.kubernetes.io/name': 'fluent-bit' } },
  {
    serviceAccountName: 'fluent-bit',
    priorityClassName: 'system-node-critical',
    tolerations: [{ operator: 'Exists' }],
    volumes: [
      { name: 'config', configMap: { name: 'fluent-bit' } },
      hostPathVolume('varlog', '/var/log'),
      hostPathVolume('varlibdockercontainers', '/var/lib/docker/containers'),
      hostPathVolume('etcmachineid', '/etc/machine-id', 'File'),
    ],
    containers: [
      container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.0.7', {
        args: ['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.conf'],
        ports: [{ name: 'http', containerPort: 2020, protocol: 'TCP' }],
        resources: resources('50m', '96Mi', '192Mi'),
        volumeMounts: [
          mount('config', '/fluent-bit/etc/conf'),
          mount('varlog', '/var/log', true),
          mount('varlibdockercontainers', '/var/lib/docker/containers', true),
          mount('etcmachineid', '/etc/machine-id', true),
        ],
      }),
    ],
  },
);

const nodeExporter = appsWorkload(
  'DaemonSet',
  {
    name: 'node-exporter',
    namespace: 'monitoring',
    labels: { 'app.kubernetes.io/name': 'node-exporter' },
  },
  {
    hostNetwork: true,
    hostPID: true,
    serviceAccountName: 'node-exporter',
    securityContext: { runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true },
    tolerations: [{ operator: 'Exists' }],
    volumes: [
      hostPathVolume('proc', '/proc'),
      hostPathVolume('sys', '/sys'),
      hostPathVolume('root', '/'),
    ],
    containers: [
      container('node-exporter', 'quay.io/prometheus/node-exporter:v1.8.1', {
        args: [
          '--path.procfs=/host/proc',
          '--path.sysfs=/host/sys',
          '--path.rootfs=/host/root',
          '--web.listen-address=[$(HOST_IP)]:9100',
          '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+|var/lib/kubelet/.+)($|/)',
        ],
        env: [{ name: 'HOST_IP', value: '0.0.0.0' }],
        ports: [{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }],
        resources: resources('20m', '32Mi', '64Mi'),
        volumeMounts: [
          mount('proc', '/host/proc', true),
          mount('sys', '/host/sys', true),
          {
            name: 'root',
            readOnly: true,
            mountPath: '/host/root',
            mountPropagation: 'HostToContainer',
          },
        ],
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
      }),
    ],
  },
);

const ECR = '602401143452.dkr.ecr.eu-west-1.amazonaws.com';
const ebsCsiNode = appsWorkload(
  'DaemonSet',
  { name: 'ebs-csi-node', namespace: 'kube-system', labels: { app: 'ebs-csi-node' } },
  {
    serviceAccountName: 'ebs-csi-node-sa',
    priorityClassName: 'system-node-critical',
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
      container('ebs-plugin', `${ECR}/eks/aws-ebs-csi-driver:v1.30.0`, {
        args: ['node', '--endpoint=$(CSI_ENDPOINT)', '--logging-format=text', '--v=2'],
        env: [
          { name: 'CSI_ENDPOINT', value: 'unix:/csi/csi.sock' },
          {
            name: 'CSI_NODE_NAME',
            valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
          },
        ],
        ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
        resources: resources('10m', '40Mi', '256Mi'),
        securityContext: { privileged: true, readOnlyRootFilesystem: true },
        volumeMounts: [
          { name: 'kubelet-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' },
          mount('plugin-dir', '/csi'),
          mount('device-dir', '/dev'),
        ],
      }),
      container(
        'node-driver-registrar',
        `${ECR}/eks/csi-node-driver-registrar:v2.10.1-eks-1-30-2`,
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
          resources: resources('10m', '40Mi', '256Mi'),
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
          volumeMounts: [mount('plugin-dir', '/csi'), mount('registration-dir', '/registration')],
        },
      ),
      container('liveness-probe', `${ECR}/eks/livenessprobe:v2.12.0-eks-1-30-2`, {
        args: ['--csi-address=/csi/csi.sock'],
        resources: resources('10m', '40Mi', '256Mi'),
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        volumeMounts: [mount('plugin-dir', '/csi')],
      }),
    ],
  },
);

export const DAEMON_SETS: App[] = [
  daemonSet('kube-proxy', 'kube-system', kubeProxy, 3),
  daemonSet('fluent-bit', 'logging', fluentBit, 3),
  daemonSet('node-exporter', 'monitoring', nodeExporter, 2),
  daemonSet('ebs-csi-node', 'kube-system', ebsCsiNode, 2),
];
