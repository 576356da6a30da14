import type { Scenario } from '../types.js';
import { ACCESS_SCENARIOS } from './attacks-access.js';
import { ESCAPE_SCENARIOS } from './attacks-escape.js';
import { PAYLOAD_SCENARIOS } from './attacks-payloads.js';
import { REVERSE_SHELL_SCENARIOS } from './attacks-shells.js';
import { TAMPERING_SCENARIOS } from './attacks-tampering.js';
import { BACKGROUND_NOISE_SCENARIOS } from './background-noise.js';
import { CI_BUILD_POD_SCENARIOS } from './benign-ci-build-pods.js';
import { CI_WORKFLOW_SCENARIOS } from './benign-ci-workflows.js';
import { CLOUD_ADDON_SCENARIOS } from './benign-cloud-addons.js';
import { CNI_AGENT_SCENARIOS } from './benign-cni-agents.js';
import { DATA_AND_SCANNER_SCENARIOS } from './benign-data.js';
import { EKS_ADDON_SCENARIOS } from './benign-eks-addons.js';
import { HELM_HOOK_SCENARIOS } from './benign-helm-hooks.js';
import { NODE_AGENT_SCENARIOS } from './benign-node-agents.js';
import { OPERATIONS_SCENARIOS } from './benign-operations.js';
import { SCHEDULED_MAINTENANCE_SCENARIOS } from './benign-scheduled.js';
import { SEED_SCENARIOS } from './seeds.js';

/** Every built-in scenario: the seed's tests first, then attacks by theme, then benign ones. */
export const SCENARIOS: Scenario[] = [
  ...SEED_SCENARIOS,
  ...REVERSE_SHELL_SCENARIOS,
  ...PAYLOAD_SCENARIOS,
  ...TAMPERING_SCENARIOS,
  ...ESCAPE_SCENARIOS,
  ...ACCESS_SCENARIOS,
  ...CI_BUILD_POD_SCENARIOS,
  ...CI_WORKFLOW_SCENARIOS,
  ...SCHEDULED_MAINTENANCE_SCENARIOS,
  ...HELM_HOOK_SCENARIOS,
  ...DATA_AND_SCANNER_SCENARIOS,
  ...CNI_AGENT_SCENARIOS,
  ...NODE_AGENT_SCENARIOS,
  ...EKS_ADDON_SCENARIOS,
  ...CLOUD_ADDON_SCENARIOS,
  ...OPERATIONS_SCENARIOS,
  ...BACKGROUND_NOISE_SCENARIOS,
];

/**
 * The mix in examples/audit-log.jsonl: the seed's four tests and kubectl steps among ordinary
 * traffic of one EKS cluster, in the order they happen.
 */
export const EXAMPLE_SCENARIO_IDS = [
  'noise-scheduler-lease-renewals',
  'ci-gitlab-runner-build-pod',
  'seed-kubectl-get-cronjobs',
  'helm-hook-migrate-job',
  'seed-reverse-shell-cronjob',
  'noise-configmap-get',
  'report-cleanup-find-delete-cronjob',
  'seed-privileged-job-hostpath-etc',
  'eks-kube-proxy-daemonset',
  'noise-secret-get-metadata',
  'rollout-restart-deployment',
  'seed-docker-socket-cronjob',
  'fluent-bit-daemonset',
  'hpa-scale-update',
  'seed-cryptominer-cronjob',
  'internal-curl-reconcile-cronjob',
  'noise-kubelet-node-lease',
  'seed-kubectl-create-cronjob',
  'cronjob-suspend-toggle-patch',
  'security-scan-trivy-cronjob',
] as const;

export function scenarioById(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}
