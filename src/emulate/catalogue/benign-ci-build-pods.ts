import type { Scenario } from '../types.js';
import { inClusterClient } from './actors.js';
import { container, shell } from './manifests.js';
import { create } from './steps.js';

// The script GitLab's Kubernetes executor runs in every build container to find a shell.
const GITLAB_SHELL_PROBE = [
  'if [ -x /usr/local/bin/bash ]; then',
  '\texec /usr/local/bin/bash ',
  'elif [ -x /usr/bin/bash ]; then',
  '\texec /usr/bin/bash ',
  'elif [ -x /bin/bash ]; then',
  '\texec /bin/bash ',
  'elif [ -x /usr/local/bin/sh ]; then',
  '\texec /usr/local/bin/sh ',
  'elif [ -x /usr/bin/sh ]; then',
  '\texec /usr/bin/sh ',
  'elif [ -x /bin/sh ]; then',
  '\texec /bin/sh ',
  'elif [ -x /busybox/sh ]; then',
  '\texec /busybox/sh ',
  'else',
  '\techo shell not found',
  '\texit 1',
  'fi',
  '',
].join('\n');

const gitlabRunner = inClusterClient(
  'gitlab-runner',
  'gitlab-runner',
  'gitlab-runner 16.11.1 (16-11-stable; go1.21.9; linux/amd64)',
  '10.0.22.14',
  'RBAC: allowed by RoleBinding "gitlab-runner/gitlab-runner" of Role "gitlab-runner" to ServiceAccount "gitlab-runner/gitlab-runner"',
);

const tektonController = inClusterClient(
  'tekton-pipelines',
  'tekton-pipelines-controller',
  'controller/v0.0.0 (linux/amd64) kubernetes/$Format',
  '10.0.19.203',
  'RBAC: allowed by ClusterRoleBinding "tekton-pipelines-controller-cluster-access" of ClusterRole "tekton-pipelines-controller-cluster-access" to ServiceAccount "tekton-pipelines-controller/tekton-pipelines"',
);

const owner = (apiVersion: string, kind: string, name: string, uid: string) => [
  { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true },
];

const base = {
  technique: 'T1053.007',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};

/** Build pods of GitLab Runner and Tekton. */
export const CI_BUILD_POD_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'ci-gitlab-runner-build-pod',
    title: 'GitLab Runner Kubernetes executor build pod',
    description:
      'The runner creates a build pod (generateName) with node:20-alpine and its helper; both start with the shell-probing script that execs bash or sh.',
    source: 'seed false positive: CI/CD jobs on alpine/ubuntu',
    steps: [
      create(gitlabRunner, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: 'runner-t3kzxw2b-project-4711-concurrent-0-',
          namespace: 'gitlab-runner',
          labels: {
            'job.runner.gitlab.com/pod': 'runner-t3kzxw2b-project-4711-concurrent-0',
            'manager.runner.gitlab.com/id-short': 't3kzxw2b',
            'project.runner.gitlab.com/id': '4711',
          },
          annotations: {
            'job.runner.gitlab.com/id': '918273',
            'job.runner.gitlab.com/url': 'https://gitlab.acme-corp.io/shop/checkout/-/jobs/918273',
            'project.runner.gitlab.com/id': '4711',
          },
        },
        spec: {
          volumes: [
            { name: 'repo', emptyDir: {} },
            { name: 'logs', emptyDir: {} },
          ],
          initContainers: [
            container(
              'init-logs',
              'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v16.11.1',
              {
                ...shell(
                  'touch /logs-4711-918273/output.log && (chmod 777 /logs-4711-918273/output.log || exit 0)',
                ),
                volumeMounts: [{ name: 'logs', mountPath: '/logs-4711-918273' }],
              },
            ),
          ],
          containers: [
            container('build', 'node:20-alpine', {
              command: ['sh', '-c', GITLAB_SHELL_PROBE],
              resources: { requests: { cpu: '500m', memory: '1Gi' } },
              volumeMounts: [
                { name: 'repo', mountPath: '/builds' },
                { name: 'logs', mountPath: '/logs-4711-918273' },
              ],
              stdin: true,
            }),
            container(
              'helper',
              'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v16.11.1',
              {
                command: ['sh', '-c', GITLAB_SHELL_PROBE],
                volumeMounts: [
                  { name: 'repo', mountPath: '/builds' },
                  { name: 'logs', mountPath: '/logs-4711-918273' },
                ],
                stdin: true,
              },
            ),
          ],
          restartPolicy: 'Never',
          serviceAccountName: 'gitlab-runner-build',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
        },
      }),
    ],
  },
  {
    ...base,
    id: 'ci-tekton-taskrun-pod',
    title: 'Tekton TaskRun pod building an image with kaniko',
    description:
      "The Tekton controller's pod for a kaniko step, wrapped in Tekton's entrypoint binary.",
    source: 'CI/CD: Tekton',
    steps: [
      create(tektonController, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'build-and-push-run-x7k2p-build-pod',
          namespace: 'ci',
          labels: {
            'app.kubernetes.io/managed-by': 'tekton-pipelines',
            'tekton.dev/pipeline': 'build-and-push',
            'tekton.dev/pipelineRun': 'build-and-push-run-x7k2p',
            'tekton.dev/task': 'kaniko',
            'tekton.dev/taskRun': 'build-and-push-run-x7k2p-build',
          },
          annotations: { 'pipeline.tekton.dev/release': '6ea3d1b' },
          ownerReferences: owner(
            'tekton.dev/v1',
            'TaskRun',
            'build-and-push-run-x7k2p-build',
            '8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
          ),
        },
        spec: {
          volumes: [
            { name: 'tekton-internal-tools', emptyDir: {} },
            { name: 'tekton-internal-workspace', emptyDir: {} },
            {
              name: 'ws-source',
              persistentVolumeClaim: { claimName: 'pvc-build-and-push-run-x7k2p' },
            },
          ],
          initContainers: [
            container(
              'prepare',
              'gcr.io/tekton-releases/github.com/tektoncd/pipeline/cmd/entrypoint:v0.56.3',
              {
                command: [
                  '/ko-app/entrypoint',
                  'init',
                  '/ko-app/entrypoint',
                  '/tekton/bin/entrypoint',
                  'step-build-and-push',
                ],
                workingDir: '/',
                volumeMounts: [{ name: 'tekton-internal-tools', mountPath: '/tekton/bin' }],
              },
            ),
          ],
          containers: [
            container('step-build-and-push', 'gcr.io/kaniko-project/executor:v1.21.0', {
              command: ['/tekton/bin/entrypoint'],
              args: [
                '-wait_file',
                '/tekton/downward/ready',
                '-wait_file_content',
                '-post_file',
                '/tekton/run/0/out',
                '-termination_path',
                '/tekton/termination',
                '-step_metadata_dir',
                '/tekton/run/0/status',
                '-entrypoint',
                '/kaniko/executor',
                '--',
                '--dockerfile=./Dockerfile',
                '--context=dir:///workspace/source',
                '--destination=registry.acme-corp.io/shop/checkout-api:2.14.4',
              ],
              volumeMounts: [
                { name: 'tekton-internal-tools', mountPath: '/tekton/bin', readOnly: true },
                { name: 'ws-source', mountPath: '/workspace/source' },
              ],
            }),
          ],
          restartPolicy: 'Never',
          serviceAccountName: 'pipeline-builder',
        },
      }),
    ],
  },
];
