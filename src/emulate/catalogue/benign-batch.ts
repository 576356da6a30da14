import type { Actor, Scenario } from '../types.js';
import { inClusterClient, platformAdmin, serviceAccountToken } from './actors.js';
import { container, cronJob, job, shell } from './manifests.js';
import { applyClientSide, create } from './steps.js';

/** Helm run by the platform pipeline with a deploy service account. */
export const helmDeployer: Actor = serviceAccountToken({
  namespace: 'ci',
  serviceAccount: 'helm-deployer',
  pod: 'runner-t3kzxw2b-project-88-concurrent-0-q4w8z2mx',
  node: 'ip-10-0-14-202.eu-west-1.compute.internal',
  podIP: '10.0.13.102',
  userAgent: 'Helm/3.14.4',
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "helm-deployer" of ClusterRole "cluster-admin" to ServiceAccount "helm-deployer/ci"',
});

const dataScientist: Actor = {
  username: 'oidc:r.chen@acme-corp.io',
  groups: ['oidc:ml-team', 'system:authenticated'],
  sourceIP: '10.20.5.143',
  userAgent: 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625',
  authorizationReason:
    'RBAC: allowed by RoleBinding "ml-team-edit/ml-training" of ClusterRole "edit" to Group "oidc:ml-team"',
};

const veleroServer = inClusterClient(
  'velero',
  'velero-server',
  'velero/v1.14.0 (linux/amd64) 2fc6300',
  '10.0.29.17',
  'RBAC: allowed by ClusterRoleBinding "velero-server" of ClusterRole "cluster-admin" to ServiceAccount "velero-server/velero"',
);

const sparkDriver = inClusterClient(
  'spark-jobs',
  'spark',
  'fabric8-kubernetes-client/6.7.2',
  '10.0.36.212',
  'RBAC: allowed by RoleBinding "spark-role-binding/spark-jobs" of Role "spark-role" to ServiceAccount "spark/spark-jobs"',
);

const airflowScheduler = inClusterClient(
  'airflow',
  'airflow-scheduler',
  'OpenAPI-Generator/29.0.0/python',
  '10.0.25.66',
  'RBAC: allowed by RoleBinding "airflow-pod-launcher-rolebinding/airflow" of Role "airflow-pod-launcher-role" to ServiceAccount "airflow-scheduler/airflow"',
);

const helmMeta = (release: string, namespace: string) => ({
  'meta.helm.sh/release-name': release,
  'meta.helm.sh/release-namespace': namespace,
});

const HOOK_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 65532,
  seccompProfile: { type: 'RuntimeDefault' },
};

const base = {
  technique: 'T1053.007',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};
const helm = { fieldManager: 'helm' };

/** Scheduled and one-off batch work: backups, hooks, data, ML, scanners. */
export const BATCH_SCENARIOS: Scenario[] = [
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
    id: 'helm-hook-migrate-job',
    title: 'Helm pre-upgrade hook running Django migrations',
    description:
      'python manage.py migrate in the application image, as a pre-install/pre-upgrade hook.',
    source: 'helm hook',
    steps: [
      create(
        helmDeployer,
        job(
          {
            name: 'shop-api-migrate',
            namespace: 'shop',
            labels: {
              'app.kubernetes.io/instance': 'shop-api',
              'app.kubernetes.io/managed-by': 'Helm',
            },
            annotations: {
              'helm.sh/hook': 'pre-install,pre-upgrade',
              'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
              'helm.sh/hook-weight': '-5',
            },
          },
          {
            containers: [
              container('migrate', 'registry.acme-corp.io/shop/api:2.14.3', {
                command: ['python', 'manage.py', 'migrate', '--noinput'],
                envFrom: [{ secretRef: { name: 'shop-api-db' } }],
              }),
            ],
            restartPolicy: 'Never',
            serviceAccountName: 'shop-api',
          },
          { spec: { backoffLimit: 2 } },
        ),
        { ...helm, followUps: 1 },
      ),
    ],
  },
  ...['create', 'patch'].map((mode): Scenario => ({
    ...base,
    id: `ingress-nginx-admission-${mode}-job`,
    title: `ingress-nginx admission webhook ${mode} Job`,
    description:
      mode === 'create'
        ? 'kube-webhook-certgen creates the webhook certificate secret (pre-install hook); $(POD_NAMESPACE) is expanded by the kubelet.'
        : 'kube-webhook-certgen patches the CA bundle into the ValidatingWebhookConfiguration (post-install hook).',
    source: 'helm hook (ingress-nginx)',
    steps: [
      create(
        helmDeployer,
        job(
          {
            name: `ingress-nginx-admission-${mode}`,
            namespace: 'ingress-nginx',
            labels: {
              'app.kubernetes.io/component': 'admission-webhook',
              'app.kubernetes.io/instance': 'ingress-nginx',
              'app.kubernetes.io/managed-by': 'Helm',
              'app.kubernetes.io/name': 'ingress-nginx',
              'app.kubernetes.io/version': '1.10.1',
            },
            annotations: {
              'helm.sh/hook':
                mode === 'create' ? 'pre-install,pre-upgrade' : 'post-install,post-upgrade',
              'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
            },
          },
          {
            containers: [
              container(mode, 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.1', {
                imagePullPolicy: 'IfNotPresent',
                args:
                  mode === 'create'
                    ? [
                        'create',
                        '--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc',
                        '--namespace=$(POD_NAMESPACE)',
                        '--secret-name=ingress-nginx-admission',
                      ]
                    : [
                        'patch',
                        '--webhook-name=ingress-nginx-admission',
                        '--namespace=$(POD_NAMESPACE)',
                        '--patch-mutating=false',
                        '--secret-name=ingress-nginx-admission',
                        '--patch-failure-policy=Fail',
                      ],
                env: [
                  {
                    name: 'POD_NAMESPACE',
                    valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
                  },
                ],
                securityContext: HOOK_SECURITY,
              }),
            ],
            restartPolicy: 'OnFailure',
            serviceAccountName: 'ingress-nginx-admission',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
          { spec: { ttlSecondsAfterFinished: 0 } },
        ),
        { ...helm, followUps: 1 },
      ),
    ],
  })),
  {
    ...base,
    id: 'cert-manager-startupapicheck-job',
    title: 'cert-manager startupapicheck post-install hook',
    description: 'Checks the cert-manager API is reachable after install.',
    source: 'helm hook (cert-manager)',
    steps: [
      create(
        helmDeployer,
        job(
          {
            name: 'cert-manager-startupapicheck',
            namespace: 'cert-manager',
            labels: {
              'app.kubernetes.io/component': 'startupapicheck',
              'app.kubernetes.io/instance': 'cert-manager',
              'app.kubernetes.io/managed-by': 'Helm',
              'app.kubernetes.io/name': 'startupapicheck',
            },
            annotations: {
              'helm.sh/hook': 'post-install',
              'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
              'helm.sh/hook-weight': '1',
            },
          },
          {
            containers: [
              container(
                'cert-manager-startupapicheck',
                'quay.io/jetstack/cert-manager-startupapicheck:v1.14.4',
                {
                  args: ['check', 'api', '--wait=1m', '-v'],
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                    readOnlyRootFilesystem: true,
                  },
                },
              ),
            ],
            restartPolicy: 'OnFailure',
            serviceAccountName: 'cert-manager-startupapicheck',
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
          { spec: { backoffLimit: 4 } },
        ),
        { ...helm, followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    id: 'ml-training-pytorch-job',
    title: 'PyTorch fine-tuning Job on four GPUs',
    description:
      'torchrun on the pytorch CUDA image, GPU limits, the GPU taint tolerated, a memory-backed /dev/shm.',
    source: 'ML training',
    steps: [
      applyClientSide(
        dataScientist,
        job(
          {
            name: 'resnet50-finetune-20261102',
            namespace: 'ml-training',
            labels: { team: 'vision' },
          },
          {
            volumes: [
              {
                name: 'datasets',
                persistentVolumeClaim: { claimName: 'datasets', readOnly: true },
              },
              { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } },
            ],
            containers: [
              container('train', 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime', {
                command: [
                  'torchrun',
                  '--nproc_per_node=4',
                  'train.py',
                  '--epochs',
                  '30',
                  '--data',
                  '/data/imagenet-subset',
                ],
                workingDir: '/workspace',
                resources: {
                  requests: { cpu: '16', memory: '64Gi', 'nvidia.com/gpu': '4' },
                  limits: { cpu: '16', memory: '64Gi', 'nvidia.com/gpu': '4' },
                },
                volumeMounts: [
                  { name: 'datasets', mountPath: '/data', readOnly: true },
                  { name: 'dshm', mountPath: '/dev/shm' },
                ],
              }),
            ],
            restartPolicy: 'Never',
            nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A10G' },
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          },
          { spec: { backoffLimit: 1 } },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    id: 'security-scan-trivy-cronjob',
    title: 'Authorized trivy cluster scan every six hours',
    description: 'aquasec/trivy scanning the cluster from the security-scans namespace.',
    source: 'seed false positive: authorized security scanning',
    steps: [
      applyClientSide(
        platformAdmin,
        cronJob({ name: 'trivy-cluster-scan', namespace: 'security-scans' }, '0 */6 * * *', {
          containers: [
            container('trivy', 'aquasec/trivy:0.50.1', {
              args: [
                'k8s',
                '--report',
                'summary',
                '--format',
                'json',
                '--output',
                '/reports/cluster.json',
                'cluster',
              ],
              volumeMounts: [{ name: 'reports', mountPath: '/reports' }],
            }),
          ],
          volumes: [{ name: 'reports', persistentVolumeClaim: { claimName: 'scan-reports' } }],
          serviceAccountName: 'trivy-scanner',
          restartPolicy: 'OnFailure',
        }),
      ),
    ],
  },
  {
    ...base,
    id: 'security-scan-nmap-cronjob',
    title: 'Authorized weekly nmap port audit of the VPC',
    description:
      "An nmap image in the security-scans namespace scanning the internal range: exactly the seed's noted false positive.",
    source: 'seed false positive: authorized security scanning',
    steps: [
      applyClientSide(
        platformAdmin,
        cronJob({ name: 'internal-port-audit', namespace: 'security-scans' }, '0 2 * * 0', {
          containers: [
            container('nmap', 'instrumentisto/nmap:7.94', {
              args: [
                '-sT',
                '-Pn',
                '--top-ports',
                '100',
                '-oX',
                '/reports/port-audit.xml',
                '10.0.0.0/16',
              ],
              volumeMounts: [{ name: 'reports', mountPath: '/reports' }],
            }),
          ],
          volumes: [{ name: 'reports', persistentVolumeClaim: { claimName: 'scan-reports' } }],
          restartPolicy: 'OnFailure',
        }),
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
  {
    ...base,
    id: 'spark-executor-pod',
    title: 'Spark driver creating an executor pod',
    description:
      'spark-submit in cluster mode: the driver (fabric8 client) creates executors owned by the driver pod.',
    source: 'data platform: Spark on Kubernetes',
    steps: [
      create(sparkDriver, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'nightly-etl-7a3f9e8c2b1d4e5f-exec-1',
          namespace: 'spark-jobs',
          labels: {
            'spark-app-name': 'nightly-etl',
            'spark-app-selector': 'spark-3f9ac1d2e4b5467a8b9c0d1e2f3a4b5c',
            'spark-exec-id': '1',
            'spark-exec-resourceprofile-id': '0',
            'spark-role': 'executor',
          },
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'Pod',
              name: 'nightly-etl-7a3f9e8c2b1d4e5f-driver',
              uid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
              controller: true,
            },
          ],
        },
        spec: {
          containers: [
            container('spark-kubernetes-executor', 'apache/spark:3.5.1', {
              args: ['executor'],
              env: [
                { name: 'SPARK_USER', value: 'spark' },
                {
                  name: 'SPARK_DRIVER_URL',
                  value:
                    'spark://CoarseGrainedScheduler@nightly-etl-7a3f9e8c2b1d4e5f-driver-svc.spark-jobs.svc:7078',
                },
                { name: 'SPARK_EXECUTOR_CORES', value: '2' },
                { name: 'SPARK_EXECUTOR_MEMORY', value: '4g' },
                { name: 'SPARK_APPLICATION_ID', value: 'spark-3f9ac1d2e4b5467a8b9c0d1e2f3a4b5c' },
                { name: 'SPARK_EXECUTOR_ID', value: '1' },
              ],
              resources: { requests: { cpu: '2', memory: '4505Mi' }, limits: { memory: '4505Mi' } },
            }),
          ],
          restartPolicy: 'Never',
          serviceAccountName: 'spark',
          hostname: 'nightly-etl-7a3f9e8c2b1d4e5f-exec-1',
        },
      }),
    ],
  },
  {
    ...base,
    id: 'airflow-kubernetes-executor-pod',
    title: 'Airflow KubernetesExecutor task pod',
    description: 'The scheduler (python client) launches one pod per task instance.',
    source: 'data platform: Airflow',
    steps: [
      create(airflowScheduler, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'etl-daily-extract-k3x9q2zr',
          namespace: 'airflow',
          labels: {
            'airflow-worker': '42',
            airflow_version: '2.9.1',
            dag_id: 'etl_daily',
            kubernetes_executor: 'True',
            run_id: 'scheduled__2026-11-02T0800000000-5c1e0a2b7',
            task_id: 'extract',
            try_number: '1',
          },
          annotations: {
            dag_id: 'etl_daily',
            run_id: 'scheduled__2026-11-02T08:00:00+00:00',
            task_id: 'extract',
            try_number: '1',
          },
        },
        spec: {
          containers: [
            container('base', 'apache/airflow:2.9.1', {
              args: [
                'airflow',
                'tasks',
                'run',
                'etl_daily',
                'extract',
                'scheduled__2026-11-02T08:00:00+00:00',
                '--local',
                '--subdir',
                'DAGS_FOLDER/etl_daily.py',
              ],
              env: [{ name: 'AIRFLOW_IS_K8S_EXECUTOR_POD', value: 'True' }],
            }),
          ],
          restartPolicy: 'Never',
          serviceAccountName: 'airflow-worker',
          securityContext: { runAsUser: 50000, fsGroup: 0 },
        },
      }),
    ],
  },
];
