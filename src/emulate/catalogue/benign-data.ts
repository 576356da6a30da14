import type { Actor, Scenario } from '../types.js';
import { inClusterClient, platformAdmin } from './actors.js';
import { container, cronJob, job } from './manifests.js';
import { applyClientSide, create } from './steps.js';

const dataScientist: Actor = {
  username: 'oidc:r.chen@acme-corp.io',
  groups: ['oidc:ml-team', 'system:authenticated'],
  sourceIP: '10.20.5.143',
  userAgent: 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625',
  authorizationReason:
    'RBAC: allowed by RoleBinding "ml-team-edit/ml-training" of ClusterRole "edit" to Group "oidc:ml-team"',
};

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

const base = {
  technique: 'T1053.007',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};

/** Data and ML workloads, and the security team's own scanners. */
export const DATA_AND_SCANNER_SCENARIOS: Scenario[] = [
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
