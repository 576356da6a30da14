import type { Scenario } from '../types.js';
import { helmDeployer, inClusterClient } from './actors.js';
import { container, cronJob, job, shell } from './manifests.js';
import { create } from './steps.js';

const veleroServer = inClusterClient(
  'velero',
  'velero-server',
  'velero/v1.14.0 (linux/amd64) 2fc6300',
  '10.0.29.17',
  'RBAC: allowed by ClusterRoleBinding "velero-server" of ClusterRole "cluster-admin" to ServiceAccount "velero-server/velero"',
);

const helmMeta = (release: string, namespace: string) => ({
  'meta.helm.sh/release-name': release,
  'meta.helm.sh/release-namespace': namespace,
});

const base = {
  technique: 'T1053.007',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};
const helm = { fieldManager: 'helm' };

/** Backups and maintenance that run on a schedule. */
export const SCHEDULED_MAINTENANCE_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'backup-pg-dump-cronjob',
    title: 'Nightly pg_dump | gzip to a backup volume',
    description:
      'Helm-installed CronJob with concurrencyPolicy Forbid; pg_dump piped to gzip, old dumps pruned with find -delete.',
    source: 'seed false positive: backups and maintenance',
    steps: [
      create(
        helmDeployer,
        cronJob(
          {
            name: 'postgres-backup',
            namespace: 'databases',
            labels: {
              'app.kubernetes.io/name': 'postgres-backup',
              'app.kubernetes.io/managed-by': 'Helm',
            },
            annotations: helmMeta('postgres', 'databases'),
          },
          '30 1 * * *',
          {
            volumes: [
              { name: 'backups', persistentVolumeClaim: { claimName: 'postgres-backups' } },
            ],
            containers: [
              container('pg-dump', 'postgres:16.2-alpine', {
                ...shell(
                  'pg_dump -h postgres-primary.databases.svc.cluster.local -U backup -Fc appdb | gzip > /backups/appdb-$(date +%F).dump.gz && find /backups -name "*.dump.gz" -mtime +14 -delete',
                ),
                env: [
                  {
                    name: 'PGPASSWORD',
                    valueFrom: { secretKeyRef: { name: 'postgres-backup', key: 'password' } },
                  },
                ],
                volumeMounts: [{ name: 'backups', mountPath: '/backups' }],
              }),
            ],
            restartPolicy: 'OnFailure',
          },
          { spec: { concurrencyPolicy: 'Forbid' } },
        ),
        helm,
      ),
    ],
  },
  {
    ...base,
    id: 'backup-velero-maintenance-job',
    title: 'Velero repository maintenance Job',
    description: 'The Velero server creates its periodic kopia repository maintenance Job.',
    source: 'seed false positive: backups and maintenance',
    steps: [
      create(
        veleroServer,
        job(
          {
            name: 'default-default-kopia-x7wq2-maintain-job-1793610000000',
            namespace: 'velero',
            labels: { 'velero.io/repo-name': 'default-default-kopia-x7wq2' },
          },
          {
            containers: [
              container('velero-repo-maintenance-container', 'velero/velero:v1.14.0', {
                command: ['/velero'],
                args: [
                  'repo-maintenance',
                  '--repo-name=default',
                  '--repo-type=kopia',
                  '--backup-storage-location=default',
                  '--log-level=info',
                  '--log-format=text',
                ],
                resources: {
                  requests: { cpu: '0', memory: '0' },
                  limits: { cpu: '0', memory: '0' },
                },
              }),
            ],
            restartPolicy: 'Never',
            serviceAccountName: 'velero-server',
          },
          { spec: { backoffLimit: 3, ttlSecondsAfterFinished: 86400 } },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    id: 'internal-curl-reconcile-cronjob',
    title: 'CronJob calling an internal reconcile endpoint with curl',
    description:
      'curl -sf to a cluster-local service every ten minutes: curl, but nothing downloaded or run.',
    source: 'curl against an internal service',
    steps: [
      create(
        helmDeployer,
        cronJob(
          {
            name: 'payments-reconcile',
            namespace: 'payments',
            annotations: helmMeta('payments', 'payments'),
          },
          '*/10 * * * *',
          {
            containers: [
              container('reconcile', 'curlimages/curl:8.7.1', {
                command: [
                  'curl',
                  '-sf',
                  '-X',
                  'POST',
                  'http://api.payments.svc.cluster.local/internal/reconcile',
                ],
              }),
            ],
            restartPolicy: 'OnFailure',
          },
          { spec: { concurrencyPolicy: 'Forbid' } },
        ),
        { ...helm, followUps: 2 },
      ),
    ],
  },
  {
    ...base,
    id: 'report-cleanup-find-delete-cronjob',
    title: 'Every-15-minutes cleanup of old reports with find -delete',
    description: 'busybox find on a PVC, */15 schedule.',
    source: 'maintenance',
    steps: [
      create(
        helmDeployer,
        cronJob({ name: 'report-cleanup', namespace: 'reports' }, '*/15 * * * *', {
          volumes: [{ name: 'reports', persistentVolumeClaim: { claimName: 'reports' } }],
          containers: [
            container('cleanup', 'busybox:1.36', {
              ...shell('find /reports -type f -mtime +7 -delete'),
              volumeMounts: [{ name: 'reports', mountPath: '/reports' }],
            }),
          ],
          restartPolicy: 'OnFailure',
        }),
        { ...helm, followUps: 2 },
      ),
    ],
  },
];
