import type { Scenario, ScenarioStep } from '../types.js';
import { emulationOf } from './identity.js';
import { shJoin } from './quote.js';

/** Setup and cleanup that give an emulated identity the rights its real binding gave it. */
export interface Grant {
  comment: string;
  commands: string[];
  cleanup: string[];
}

const REASON =
  /^RBAC: allowed by (ClusterRoleBinding|RoleBinding) "([^"]+)" of (ClusterRole|Role) "([^"]+)" to (User|Group|ServiceAccount) "([^"]+)"$/;

// Default user-facing roles every cluster has; any other role is recreated from the steps.
const BUILT_IN_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

// Everything created here is prefixed, so cleanup can never delete a binding the cluster had.
const PREFIX = 'cronwarden-';

function subjectFlag(kind: string, subject: string): string {
  if (kind === 'User') return `--user=${subject}`;
  if (kind === 'Group') return `--group=${subject}`;
  const [name, namespace] = subject.split('/');
  return `--serviceaccount=${namespace ?? ''}:${name ?? ''}`;
}

/** The verbs and resources (`deployments.apps/scale`) the commands for this step need. */
export function permissionsOf(step: ScenarioStep): { verbs: string[]; resources: string[] } {
  const resource = step.apiGroup ? `${step.resource}.${step.apiGroup}` : step.resource;
  const target = step.subresource ? `${resource}/${step.subresource}` : resource;
  // kubectl scale --current-replicas and kubectl debug read before they write.
  if (step.subresource === 'scale' && step.verb === 'update')
    return { verbs: ['get', 'update'], resources: [target] };
  if (step.subresource === 'ephemeralcontainers')
    return { verbs: ['get', step.verb], resources: [resource, target] };
  // An apply that finds nothing creates, which RBAC checks as create.
  if (step.patch?.type === 'apply') return { verbs: ['create', 'patch'], resources: [target] };
  // kubectl apply reads the object first, to choose between create and patch.
  if (step.verb === 'create' && step.fieldManager === 'kubectl-client-side-apply')
    return { verbs: ['get', 'create'], resources: [target] };
  return { verbs: [step.verb], resources: [target] };
}

/**
 * Bindings for the identities the scenario emulates, read from the authorization reason the log
 * records. Persons are run by the admin and need none; an empty reason means a non-RBAC
 * authorizer; bootstrap bindings (`system:controller:…`) exist on every cluster.
 */
export function grantsFor(scenario: Scenario): Grant[] {
  const grants = new Map<string, Grant>();
  const rules = new Map<string, { verbs: Set<string>; resources: Set<string> }>();
  for (const step of scenario.steps) {
    if (!emulationOf(step).actingAs) continue;
    const reason = step.authorizationReason ?? step.actor.authorizationReason ?? '';
    const match = REASON.exec(reason);
    if (!match) continue;
    const [, bindingKind, bindingRef, roleKind, role, subjectKind, subject] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const [bindingName, bindingNamespace] = bindingRef.split('/') as [string, string?];
    if (role === bindingName && role.startsWith('system:')) continue;
    const custom = !BUILT_IN_ROLES.has(role);
    const roleName = custom ? PREFIX + role : role;
    const roleScope = roleKind === 'Role' ? ['-n', bindingNamespace ?? ''] : [];
    if (custom) {
      const key = `${roleKind}/${roleName}/${bindingNamespace ?? ''}`;
      const rule = rules.get(key) ?? { verbs: new Set(), resources: new Set() };
      rules.set(key, rule);
      const needed = permissionsOf(step);
      needed.verbs.forEach((v) => rule.verbs.add(v));
      needed.resources.forEach((r) => rule.resources.add(r));
      grants.set(key, {
        comment: `${roleKind} ${role} is not on a test cluster: ${roleName} grants just what these steps need`,
        commands: [
          shJoin([
            'kubectl',
            'create',
            roleKind.toLowerCase(),
            roleName,
            ...roleScope,
            `--verb=${[...rule.verbs].join(',')}`,
            `--resource=${[...rule.resources].join(',')}`,
          ]),
        ],
        cleanup: [
          shJoin(['kubectl', 'delete', roleKind.toLowerCase(), roleName, ...roleScope]) +
            ' --ignore-not-found',
        ],
      });
    }
    const bindingScope = bindingKind === 'RoleBinding' ? ['-n', bindingNamespace ?? ''] : [];
    const binding = PREFIX + bindingName;
    const key = `${bindingKind}/${binding}/${bindingNamespace ?? ''}`;
    if (grants.has(key)) continue;
    const warning =
      subject === 'system:anonymous' || subjectKind === 'Group'
        ? `; WARNING: this grants ${role} to ${subject} until cleanup`
        : '';
    grants.set(key, {
      comment: `the log's reason: ${reason} (recreated as ${binding})${warning}`,
      commands: [
        shJoin([
          'kubectl',
          'create',
          bindingKind.toLowerCase(),
          binding,
          ...bindingScope,
          roleKind === 'Role' ? `--role=${roleName}` : `--clusterrole=${roleName}`,
          subjectFlag(subjectKind, subject),
        ]),
      ],
      cleanup: [
        shJoin(['kubectl', 'delete', bindingKind.toLowerCase(), binding, ...bindingScope]) +
          ' --ignore-not-found',
      ],
    });
  }
  return [...grants.values()];
}
