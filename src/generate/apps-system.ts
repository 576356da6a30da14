import { ebsCsiNode, kubeProxy } from '../emulate/catalogue/benign-eks-addons.js';
import { fluentBit } from '../emulate/catalogue/benign-node-agents.js';
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

export const DAEMON_SETS: App[] = [
  daemonSet('kube-proxy', 'kube-system', kubeProxy, 3),
  daemonSet('fluent-bit', 'logging', fluentBit, 3),
  daemonSet('node-exporter', 'monitoring', nodeExporter, 2),
  daemonSet('ebs-csi-node', 'kube-system', ebsCsiNode, 2),
];
