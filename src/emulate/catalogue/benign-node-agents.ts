import type { Scenario } from '../types.js';
import { helmDeployer } from './actors.js';
import { appsWorkload, container, hostPathVolume, mount } from './manifests.js';
import { create } from './steps.js';

const base = {
  technique: 'T1610',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};
const helm = { fieldManager: 'helm', followUps: 2 };

/** Fluent Bit as its chart installs it (the log generator runs it too). */
export const fluentBit = appsWorkload(
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
        args: ['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.conf'],
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
);

/** Node agents that legitimately run privileged, on the host network, with host mounts. */
export const NODE_AGENT_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'fluent-bit-daemonset',
    title: 'Fluent Bit log forwarder with read-only host log mounts',
    description:
      '/var/log and /var/lib/docker/containers mounted read-only, /etc/machine-id as a file.',
    source: 'seed false positive: log forwarders with hostPath',
    steps: [create(helmDeployer, fluentBit, helm)],
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
