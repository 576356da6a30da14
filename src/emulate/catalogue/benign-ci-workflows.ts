import type { Scenario } from '../types.js';
import { inClusterClient, serviceAccountToken } from './actors.js';
import { container, job, shell } from './manifests.js';
import { create } from './steps.js';

const argoWorkflowController = inClusterClient(
  'argo',
  'argo-workflows-workflow-controller',
  'workflow-controller/v0.0.0 (linux/amd64) kubernetes/$Format/argo-workflows/v3.5.5 argo-controller',
  '10.0.27.88',
  'RBAC: allowed by ClusterRoleBinding "argo-workflows-workflow-controller" of ClusterRole "argo-workflows-workflow-controller" to ServiceAccount "argo-workflows-workflow-controller/argo"',
);

const arcController = inClusterClient(
  'arc-systems',
  'arc-gha-rs-controller',
  'manager/v0.0.0 (linux/amd64) kubernetes/$Format',
  '10.0.31.142',
  'RBAC: allowed by RoleBinding "arc-gha-rs-controller-manager-listener/arc-runners" of Role "arc-gha-rs-controller-manager-listener" to ServiceAccount "arc-gha-rs-controller/arc-systems"',
);

/** The deploy bot of a GitLab pipeline, kubectl in a job pod. */
const pipelineDeployer = serviceAccountToken({
  namespace: 'ci',
  serviceAccount: 'pipeline-deployer',
  pod: 'runner-t3kzxw2b-project-4711-concurrent-1-8hd2kq7f',
  node: 'ip-10-0-14-202.eu-west-1.compute.internal',
  podIP: '10.0.13.59',
  authorizationReason:
    'RBAC: allowed by RoleBinding "pipeline-deployer/ci" of ClusterRole "edit" to ServiceAccount "pipeline-deployer/ci"',
});

const owner = (apiVersion: string, kind: string, name: string, uid: string) => [
  { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true },
];

const base = {
  technique: 'T1053.007',
  kind: 'benign' as const,
  expect: { maxSeverity: 'low' as const },
};

/** Workflow engines, hosted-runner controllers and pipeline-created test Jobs. */
export const CI_WORKFLOW_SCENARIOS: Scenario[] = [
  {
    ...base,
    id: 'ci-argo-workflow-pod',
    title: 'Argo Workflows step pod running go test',
    description:
      'The workflow controller creates the step pod: argoexec init and wait, and the main container under the emissary.',
    source: 'CI/CD: Argo Workflows',
    steps: [
      create(argoWorkflowController, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'ci-lint-4xk2m-go-test-2846112497',
          namespace: 'argo',
          labels: {
            'workflows.argoproj.io/completed': 'false',
            'workflows.argoproj.io/workflow': 'ci-lint-4xk2m',
          },
          annotations: {
            'workflows.argoproj.io/node-id': 'ci-lint-4xk2m-2846112497',
            'workflows.argoproj.io/node-name': 'ci-lint-4xk2m.go-test',
          },
          ownerReferences: owner(
            'argoproj.io/v1alpha1',
            'Workflow',
            'ci-lint-4xk2m',
            '2b4d6f8a-1c3e-4a5b-8d7f-9e0a1b2c3d4e',
          ),
        },
        spec: {
          volumes: [{ name: 'var-run-argo', emptyDir: {} }],
          initContainers: [
            container('init', 'quay.io/argoproj/argoexec:v3.5.5', {
              command: ['argoexec', 'init', '--loglevel', 'info', '--log-format', 'text'],
              volumeMounts: [{ name: 'var-run-argo', mountPath: '/var/run/argo' }],
            }),
          ],
          containers: [
            container('wait', 'quay.io/argoproj/argoexec:v3.5.5', {
              command: ['argoexec', 'wait', '--loglevel', 'info', '--log-format', 'text'],
            }),
            container('main', 'golang:1.22-alpine', {
              command: [
                '/var/run/argo/argoexec',
                'emissary',
                '--loglevel',
                'info',
                '--log-format',
                'text',
                '--',
                'go',
                'test',
                './...',
              ],
              volumeMounts: [{ name: 'var-run-argo', mountPath: '/var/run/argo' }],
            }),
          ],
          restartPolicy: 'Never',
          serviceAccountName: 'argo-workflow',
        },
      }),
    ],
  },
  {
    ...base,
    id: 'ci-github-arc-runner-pod',
    title: 'GitHub Actions Runner Controller ephemeral runner pod',
    description: 'ARC creates one pod per EphemeralRunner with the actions-runner image.',
    source: 'CI/CD: GitHub ARC',
    steps: [
      create(arcController, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'acme-runners-8xvqz-runner-5tw9j',
          namespace: 'arc-runners',
          labels: {
            'actions-ephemeral-runner': 'True',
            'actions.github.com/organization': 'acme-corp',
            'actions.github.com/scale-set-name': 'acme-runners',
            'app.kubernetes.io/component': 'runner',
          },
          ownerReferences: owner(
            'actions.github.com/v1alpha1',
            'EphemeralRunner',
            'acme-runners-8xvqz-runner-5tw9j',
            '6c5b4a39-2817-4f6e-8d5c-4b3a29180f7e',
          ),
        },
        spec: {
          containers: [
            container('runner', 'ghcr.io/actions/actions-runner:2.316.1', {
              command: ['/home/runner/run.sh'],
              env: [
                {
                  name: 'ACTIONS_RUNNER_INPUT_JITCONFIG',
                  valueFrom: {
                    secretKeyRef: { name: 'acme-runners-8xvqz-runner-5tw9j', key: 'jitToken' },
                  },
                },
                {
                  name: 'GITHUB_ACTIONS_RUNNER_EXTRA_USER_AGENT',
                  value: 'actions-runner-controller/0.9.1',
                },
              ],
            }),
          ],
          restartPolicy: 'Never',
          serviceAccountName: 'acme-runners-gha-rs-no-permission',
        },
      }),
    ],
  },
  {
    ...base,
    id: 'ci-integration-tests-job',
    title: 'Pipeline Job running integration tests on alpine',
    description:
      'kubectl create from a pipeline: apk installs build tools, make runs the tests. TTL cleans it up.',
    source: 'seed false positive: CI/CD jobs on alpine/ubuntu',
    steps: [
      create(
        pipelineDeployer,
        job(
          {
            name: 'checkout-integration-918273',
            namespace: 'ci',
            labels: { 'app.kubernetes.io/part-of': 'checkout-ci' },
          },
          {
            containers: [
              container('tests', 'alpine:3.19', {
                ...shell('apk add --no-cache make git bash && make -C /src test-integration'),
                workingDir: '/src',
              }),
            ],
            restartPolicy: 'Never',
          },
          { spec: { backoffLimit: 0, ttlSecondsAfterFinished: 600 } },
        ),
        { followUps: 1 },
      ),
    ],
  },
  {
    ...base,
    id: 'ci-ubuntu-release-packaging-job',
    title: 'Pipeline Job packaging a release on ubuntu',
    description:
      'apt-get installs zip and the release script packages artifacts: ubuntu image, shell, no network payload.',
    source: 'seed false positive: CI/CD jobs on alpine/ubuntu',
    steps: [
      create(
        pipelineDeployer,
        job(
          { name: 'release-package-2-14-4', namespace: 'ci' },
          {
            containers: [
              container('package', 'ubuntu:22.04', {
                ...shell(
                  'apt-get update -qq && apt-get install -y -qq zip && ./scripts/package-release.sh 2.14.4',
                  '/bin/bash',
                ),
                workingDir: '/workspace',
              }),
            ],
            restartPolicy: 'Never',
          },
          { spec: { backoffLimit: 1, ttlSecondsAfterFinished: 3600 } },
        ),
        { followUps: 1 },
      ),
    ],
  },
];
