import type { Scenario } from '../types.js';
import { helmDeployer } from './actors.js';
import { container, job } from './manifests.js';
import { create } from './steps.js';

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

/** Helm hook Jobs: migrations and the webhook/certificate helpers of common charts. */
export const HELM_HOOK_SCENARIOS: Scenario[] = [
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
];
