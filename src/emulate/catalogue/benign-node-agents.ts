import type { Scenario } from '../types.js';
import { inClusterClient } from './actors.js';
import { helmDeployer } from './benign-batch.js';
import { appsWorkload, container, hostPathVolume, mount } from './manifests.js';
import { create } from './steps.js';

const tigeraOperator = inClusterClient(
  'tigera-operator',
  'tigera-operator',
  'operator/v0.0.0 (linux/amd64) kubernetes/$Format',
  '10.0.14.202',
  'RBAC: allowed by ClusterRoleBinding "tigera-operator" of ClusterRole "tigera-operator" to ServiceAccount "tigera-operator/tigera-operator"',
);

const CILIUM = 'quay.io/cilium/cilium:v1.15.4';
const CALICO_VERSION = 'v3.27.3';
const base = {
  technique: 'T1610',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};
const helm = { fieldManager: 'helm', followUps: 2 };

/** Node agents that legitimately run privileged, on the host network, with host mounts. */
export const NODE_AGENT_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'calico-node-daemonset',
    title: 'Calico node agent created by the Tigera operator',
    description:
      'Privileged, host network, hostPath mounts for CNI binaries and config, calico state, the BPF filesystem and /proc; flexvol and install-cni init containers.',
    source: 'CNI agent (Calico)',
    steps: [
      create(
        tigeraOperator,
        appsWorkload(
          'DaemonSet',
          { name: 'calico-node', namespace: 'calico-system', labels: { 'k8s-app': 'calico-node' } },
          {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'calico-node',
            tolerations: [
              { operator: 'Exists', effect: 'NoSchedule' },
              { operator: 'Exists', effect: 'NoExecute' },
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
            ],
            volumes: [
              hostPathVolume('lib-modules', '/lib/modules'),
              hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
              hostPathVolume('policysync', '/var/run/nodeagent', 'DirectoryOrCreate'),
              hostPathVolume('var-run-calico', '/var/run/calico'),
              hostPathVolume('var-lib-calico', '/var/lib/calico'),
              hostPathVolume('cni-bin-dir', '/opt/cni/bin'),
              hostPathVolume('cni-net-dir', '/etc/cni/net.d'),
              hostPathVolume('cni-log-dir', '/var/log/calico/cni'),
              hostPathVolume('bpffs', '/sys/fs/bpf', 'Directory'),
              hostPathVolume('nodeproc', '/proc'),
              hostPathVolume(
                'flexvol-driver-host',
                '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/nodeagent~uds',
                'DirectoryOrCreate',
              ),
            ],
            initContainers: [
              container('flexvol-driver', `docker.io/calico/pod2daemon-flexvol:${CALICO_VERSION}`, {
                securityContext: { privileged: true },
                volumeMounts: [mount('flexvol-driver-host', '/host/driver')],
              }),
              container('install-cni', `docker.io/calico/cni:${CALICO_VERSION}`, {
                command: ['/opt/cni/bin/install'],
                env: [
                  { name: 'CNI_CONF_NAME', value: '10-calico.conflist' },
                  { name: 'SLEEP', value: 'false' },
                ],
                securityContext: { privileged: true },
                volumeMounts: [
                  mount('cni-bin-dir', '/host/opt/cni/bin'),
                  mount('cni-net-dir', '/host/etc/cni/net.d'),
                ],
              }),
            ],
            containers: [
              container('calico-node', `docker.io/calico/node:${CALICO_VERSION}`, {
                env: [
                  { name: 'DATASTORE_TYPE', value: 'kubernetes' },
                  { name: 'CALICO_NETWORKING_BACKEND', value: 'bird' },
                  { name: 'NODENAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                ],
                securityContext: { privileged: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [
                  mount('lib-modules', '/lib/modules', true),
                  mount('xtables-lock', '/run/xtables.lock'),
                  mount('policysync', '/var/run/nodeagent'),
                  mount('var-run-calico', '/var/run/calico'),
                  mount('var-lib-calico', '/var/lib/calico'),
                  mount('cni-log-dir', '/var/log/calico/cni', true),
                  mount('cni-net-dir', '/host/etc/cni/net.d'),
                  mount('bpffs', '/sys/fs/bpf'),
                  mount('nodeproc', '/nodeproc', true),
                ],
              }),
            ],
          },
          {
            selector: { 'k8s-app': 'calico-node' },
            spec: {
              updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
            },
          },
        ),
        { followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    id: 'cilium-agent-daemonset',
    title: 'Cilium agent from the Helm chart',
    description:
      "Not privileged but with NET_ADMIN, SYS_ADMIN, SYS_MODULE and more; its mount-cgroup init container uses nsenter into PID 1's cgroup and mount namespaces through /proc, as the real chart does.",
    source: 'CNI agent (Cilium)',
    steps: [
      create(
        helmDeployer,
        appsWorkload(
          'DaemonSet',
          {
            name: 'cilium',
            namespace: 'kube-system',
            labels: { 'k8s-app': 'cilium', 'app.kubernetes.io/part-of': 'cilium' },
          },
          {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'cilium',
            automountServiceAccountToken: true,
            tolerations: [{ operator: 'Exists' }],
            volumes: [
              hostPathVolume('hostproc', '/proc', 'Directory'),
              hostPathVolume('cni-path', '/opt/cni/bin', 'DirectoryOrCreate'),
              hostPathVolume('cilium-cgroup', '/run/cilium/cgroupv2', 'DirectoryOrCreate'),
              hostPathVolume('bpf-maps', '/sys/fs/bpf', 'DirectoryOrCreate'),
              hostPathVolume('cilium-run', '/var/run/cilium', 'DirectoryOrCreate'),
              hostPathVolume('etc-cni-netd', '/etc/cni/net.d', 'DirectoryOrCreate'),
              hostPathVolume('lib-modules', '/lib/modules'),
              hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
            ],
            initContainers: [
              container('mount-cgroup', CILIUM, {
                command: [
                  'sh',
                  '-ec',
                  'cp /usr/bin/cilium-mount /hostbin/cilium-mount;\nnsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT;\nrm /hostbin/cilium-mount\n',
                ],
                env: [
                  { name: 'CGROUP_ROOT', value: '/run/cilium/cgroupv2' },
                  { name: 'BIN_PATH', value: '/opt/cni/bin' },
                ],
                securityContext: {
                  seLinuxOptions: { level: 's0', type: 'spc_t' },
                  capabilities: { add: ['SYS_ADMIN', 'SYS_CHROOT', 'SYS_PTRACE'], drop: ['ALL'] },
                },
                volumeMounts: [mount('hostproc', '/hostproc'), mount('cni-path', '/hostbin')],
              }),
            ],
            containers: [
              container('cilium-agent', CILIUM, {
                command: ['cilium-agent'],
                args: ['--config-dir=/tmp/cilium/config-map'],
                securityContext: {
                  seLinuxOptions: { level: 's0', type: 'spc_t' },
                  capabilities: {
                    add: [
                      'CHOWN',
                      'KILL',
                      'NET_ADMIN',
                      'NET_RAW',
                      'IPC_LOCK',
                      'SYS_MODULE',
                      'SYS_ADMIN',
                      'SYS_RESOURCE',
                      'DAC_OVERRIDE',
                      'FOWNER',
                      'SETGID',
                      'SETUID',
                    ],
                    drop: ['ALL'],
                  },
                },
                volumeMounts: [
                  {
                    name: 'bpf-maps',
                    mountPath: '/sys/fs/bpf',
                    mountPropagation: 'HostToContainer',
                  },
                  mount('cilium-run', '/var/run/cilium'),
                  mount('etc-cni-netd', '/host/etc/cni/net.d'),
                  mount('lib-modules', '/lib/modules', true),
                  mount('xtables-lock', '/run/xtables.lock'),
                ],
              }),
            ],
          },
          { selector: { 'k8s-app': 'cilium' } },
        ),
        helm,
      ),
    ],
  },
  {
    ...base,
    id: 'fluent-bit-daemonset',
    title: 'Fluent Bit log forwarder with read-only host log mounts',
    description:
      '/var/log and /var/lib/docker/containers mounted read-only, /etc/machine-id as a file.',
    source: 'seed false positive: log forwarders with hostPath',
    steps: [
      create(
        helmDeployer,
        appsWorkload(
          'DaemonSet',
          {
            name: 'fluent-bit',
            namespace: 'logging',
            labels: { 'app.kubernetes.io/name': 'fluent-bit' },
          },
          {
            serviceAccountName: 'fluent-bit',
            volumes: [
              { name: 'config', configMap: { name: 'fluent-bit' } },
              hostPathVolume('varlog', '/var/log'),
              hostPathVolume('varlibdockercontainers', '/var/lib/docker/containers'),
              hostPathVolume('etcmachineid', '/etc/machine-id', 'File'),
            ],
            containers: [
              container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.0.2', {
                args: [
                  '--workdir=/fluent-bit/etc',
                  '--config=/fluent-bit/etc/conf/fluent-bit.conf',
                ],
                ports: [{ name: 'http', containerPort: 2020 }],
                volumeMounts: [
                  mount('config', '/fluent-bit/etc/conf'),
                  mount('varlog', '/var/log', true),
                  mount('varlibdockercontainers', '/var/lib/docker/containers', true),
                  mount('etcmachineid', '/etc/machine-id', true),
                ],
              }),
            ],
          },
        ),
        helm,
      ),
    ],
  },
  {
    ...base,
    id: 'promtail-daemonset',
    title: 'Promtail log shipper running as root with a writable positions dir',
    description:
      'The chart runs promtail as uid 0 (it must read root-owned logs) with a hostPath /run/promtail for positions, pod logs read-only.',
    source: 'seed false positive: log forwarders with hostPath',
    steps: [
      create(
        helmDeployer,
        appsWorkload(
          'DaemonSet',
          {
            name: 'promtail',
            namespace: 'logging',
            labels: { 'app.kubernetes.io/name': 'promtail' },
          },
          {
            serviceAccountName: 'promtail',
            securityContext: { runAsUser: 0, runAsGroup: 0 },
            tolerations: [
              {
                key: 'node-role.kubernetes.io/control-plane',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
            ],
            volumes: [
              { name: 'config', secret: { secretName: 'promtail' } },
              hostPathVolume('run', '/run/promtail'),
              hostPathVolume('containers', '/var/lib/docker/containers'),
              hostPathVolume('pods', '/var/log/pods'),
            ],
            containers: [
              container('promtail', 'docker.io/grafana/promtail:2.9.7', {
                args: ['-config.file=/etc/promtail/promtail.yaml'],
                env: [
                  { name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                ],
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                },
                volumeMounts: [
                  mount('config', '/etc/promtail'),
                  mount('run', '/run/promtail'),
                  mount('containers', '/var/lib/docker/containers', true),
                  mount('pods', '/var/log/pods', true),
                ],
              }),
            ],
          },
        ),
        helm,
      ),
    ],
  },
  {
    ...base,
    id: 'node-problem-detector-daemonset',
    title: 'node-problem-detector reading the kernel log',
    description: 'Privileged, /dev/kmsg and /var/log read-only, started through sh -c exec.',
    source: 'node agent',
    steps: [
      create(
        helmDeployer,
        appsWorkload(
          'DaemonSet',
          {
            name: 'node-problem-detector',
            namespace: 'kube-system',
            labels: { 'app.kubernetes.io/name': 'node-problem-detector' },
          },
          {
            serviceAccountName: 'node-problem-detector',
            priorityClassName: 'system-node-critical',
            tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
            volumes: [
              hostPathVolume('log', '/var/log/'),
              hostPathVolume('localtime', '/etc/localtime', 'FileOrCreate'),
              hostPathVolume('kmsg', '/dev/kmsg'),
              { name: 'custom-config', configMap: { name: 'node-problem-detector-custom-config' } },
            ],
            containers: [
              container(
                'node-problem-detector',
                'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19',
                {
                  command: [
                    '/bin/sh',
                    '-c',
                    'exec /node-problem-detector --logtostderr --config.system-log-monitor=/config/kernel-monitor.json,/config/docker-monitor.json --prometheus-address=0.0.0.0 --prometheus-port=20257 --k8s-exporter-heartbeat-period=5m0s',
                  ],
                  env: [
                    { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  ],
                  securityContext: { privileged: true },
                  volumeMounts: [
                    mount('log', '/var/log', true),
                    mount('localtime', '/etc/localtime', true),
                    mount('kmsg', '/dev/kmsg', true),
                    mount('custom-config', '/custom-config', true),
                  ],
                },
              ),
            ],
          },
        ),
        helm,
      ),
    ],
  },
];
