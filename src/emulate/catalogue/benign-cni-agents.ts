import type { Scenario } from '../types.js';
import { helmDeployer, inClusterClient } from './actors.js';
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

/** CNI agents: privileged or capability-heavy by design. */
export const CNI_AGENT_SCENARIOS: Scenario[] = [
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
];
