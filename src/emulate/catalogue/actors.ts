import { fixedUuid as stableUuid } from '../ids.js';
import type { Actor } from '../types.js';

export const KUBECTL = 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625';
const KUBECTL_MAC = 'kubectl/v1.29.3 (darwin/arm64) kubernetes/6813625';
const SA_GROUPS = (ns: string) => [
  'system:serviceaccounts',
  `system:serviceaccounts:${ns}`,
  'system:authenticated',
];

/** A developer working from the office network through OIDC. */
export const developer: Actor = {
  username: 'oidc:j.kowalski@acme-corp.io',
  groups: ['oidc:developers', 'oidc:team-checkout', 'system:authenticated'],
  sourceIP: '10.20.4.61',
  userAgent: KUBECTL_MAC,
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "oidc-developers-edit" of ClusterRole "edit" to Group "oidc:developers"',
};

/** The same developer's kubeconfig, stolen and used from a VPS abroad. */
export const compromisedDeveloper: Actor = {
  ...developer,
  sourceIP: '203.0.113.66',
  userAgent: KUBECTL,
};

/** A platform engineer with cluster-admin through an OIDC group. */
export const platformAdmin: Actor = {
  username: 'oidc:m.okafor@acme-corp.io',
  groups: ['oidc:platform-admins', 'system:authenticated'],
  sourceIP: '10.20.4.17',
  userAgent: KUBECTL,
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "platform-admins" of ClusterRole "cluster-admin" to Group "oidc:platform-admins"',
};

/** An SRE on call, namespace-scoped admin rights. */
export const sre: Actor = {
  username: 'oidc:a.lindqvist@acme-corp.io',
  groups: ['oidc:sre', 'system:authenticated'],
  sourceIP: '10.20.4.88',
  userAgent: KUBECTL_MAC,
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "oidc-sre-admin" of ClusterRole "admin" to Group "oidc:sre"',
};

/** The kubeadm admin certificate (1.29 binds it through kubeadm:cluster-admins). */
export const kubeadmAdmin: Actor = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:authenticated'],
  sourceIP: '10.0.1.10',
  userAgent: KUBECTL,
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
};

/** Requests with no credentials at all; only a bad binding lets them write. */
export const anonymous: Actor = {
  username: 'system:anonymous',
  groups: ['system:unauthenticated'],
  sourceIP: '203.0.113.200',
  userAgent: 'curl/8.5.0',
  authorizationReason:
    'RBAC: allowed by ClusterRoleBinding "anonymous-debug" of ClusterRole "cluster-admin" to User "system:anonymous"',
};

export interface TokenOrigin {
  namespace: string;
  serviceAccount: string;
  pod: string;
  node: string;
  podIP: string;
  userAgent?: string;
  authorizationReason?: string;
}

/**
 * A service account's bound token, used from inside its pod: the server records which pod (and
 * node) the token was issued for in `user.extra`, which is how a stolen token is traced.
 */
export function serviceAccountToken(origin: TokenOrigin): Actor {
  const actor: Actor = {
    username: `system:serviceaccount:${origin.namespace}:${origin.serviceAccount}`,
    uid: stableUuid(`sa/${origin.namespace}/${origin.serviceAccount}`),
    groups: SA_GROUPS(origin.namespace),
    extra: {
      'authentication.kubernetes.io/credential-id': [`JTI=${stableUuid(`jti/${origin.pod}`)}`],
      'authentication.kubernetes.io/node-name': [origin.node],
      'authentication.kubernetes.io/node-uid': [stableUuid(`node/${origin.node}`)],
      'authentication.kubernetes.io/pod-name': [origin.pod],
      'authentication.kubernetes.io/pod-uid': [stableUuid(`pod/${origin.pod}`)],
    },
    sourceIP: origin.podIP,
    userAgent: origin.userAgent ?? KUBECTL,
  };
  if (origin.authorizationReason) actor.authorizationReason = origin.authorizationReason;
  return actor;
}

/** A controller or operator running in-cluster under its own service account. */
export function inClusterClient(
  namespace: string,
  serviceAccount: string,
  userAgent: string,
  sourceIP: string,
  authorizationReason: string,
): Actor {
  return {
    username: `system:serviceaccount:${namespace}:${serviceAccount}`,
    uid: stableUuid(`sa/${namespace}/${serviceAccount}`),
    groups: SA_GROUPS(namespace),
    sourceIP,
    userAgent,
    authorizationReason,
  };
}

/** A kube-controller-manager controller acting on its own (no scenario step caused it). */
export function controller(name: string): Actor {
  return inClusterClient(
    'kube-system',
    name,
    `kube-controller-manager/v1.29.3 (linux/amd64) kubernetes/6813625/system:serviceaccount:kube-system:${name}`,
    '10.0.1.10',
    `RBAC: allowed by ClusterRoleBinding "system:controller:${name}" of ClusterRole "system:controller:${name}" to ServiceAccount "${name}/kube-system"`,
  );
}

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
