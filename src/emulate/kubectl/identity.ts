import type { Actor, AuditIdentity, ScenarioStep } from '../types.js';

/** How a cluster admin sends a step's request as the identity the log should show. */
export interface Emulation {
  /** `--as=…`, `--as-uid=…`, `--as-group=…`; empty when the admin acts as themself. */
  flags: string[];
  /** Who really sent it, and what the emulation cannot reproduce. */
  notes: string[];
  /** The identity the server authorizes, when it is not the admin's own. */
  actingAs?: AuditIdentity;
}

// The impersonation filter adds these by itself (system:unauthenticated for system:anonymous).
const IMPLIED_GROUPS = new Set(['system:authenticated', 'system:unauthenticated']);

/** Service accounts, nodes, control-plane components, cloud managers: not a person at a shell. */
function isMachine(actor: Actor): boolean {
  return actor.username.startsWith('system:') || actor.username.startsWith('eks:');
}

function asFlags(identity: AuditIdentity): string[] {
  const flags = [`--as=${identity.username}`];
  if (identity.uid) flags.push(`--as-uid=${identity.uid}`);
  for (const group of identity.groups ?? [])
    if (!IMPLIED_GROUPS.has(group)) flags.push(`--as-group=${group}`);
  return flags;
}

function client(actor: Actor): string {
  return `${actor.userAgent} from ${actor.sourceIP}`;
}

export function emulationOf(step: ScenarioStep): Emulation {
  const actor = step.actor;
  const impersonated = actor.impersonatedUser;
  if (impersonated)
    return {
      flags: asFlags(impersonated),
      notes: [
        `real request: ${actor.username} (${client(actor)}) impersonating ${impersonated.username}; the original used --as too, so only the impersonator differs (you instead of ${actor.username})`,
      ],
      actingAs: impersonated,
    };
  if (!isMachine(actor))
    return {
      flags: [],
      notes: [
        `real actor: ${actor.username} (${client(actor)}); run as any cluster admin — the log will name you`,
      ],
    };
  const notes = [`real actor: ${actor.username} (${client(actor)})`];
  if (actor.username === 'system:anonymous')
    notes.push(
      'real anonymous requests need the API server flag --anonymous-auth=true (and a binding that lets system:anonymous in); here a cluster admin impersonates it, so the log shows you as user and system:anonymous as impersonatedUser',
    );
  else
    notes.push(
      'emulated with --as: the log shows you as user and this identity as impersonatedUser, not as the caller',
    );
  const podName = actor.extra?.['authentication.kubernetes.io/pod-name']?.[0];
  if (podName)
    notes.push(
      `its token was bound to pod ${podName}; kubectl cannot set user.extra, so that binding is not reproduced`,
    );
  if (actor.username.startsWith('system:node:'))
    notes.push('authorized by the Node authorizer and NodeRestriction, as the real kubelet is');
  return { flags: asFlags(actor), notes, actingAs: actor };
}
