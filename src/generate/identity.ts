import { sortedKeys } from '../emulate/field-order.js';
import { goJson } from '../emulate/render.js';
import type { Actor } from '../emulate/types.js';

/** An actor with the parts of its audit lines rendered once, for lines built as text. */
export interface Who {
  username: string;
  /** `"user":{…},"sourceIPs":[…],"userAgent":"…"`, as the API server orders them. */
  identity: string;
  /** `"annotations":{…}` of a request the authorizer allowed. */
  allowed: string;
  actor: Actor;
}

export function who(actor: Actor): Who {
  const user: Record<string, unknown> = { username: actor.username };
  if (actor.uid) user.uid = actor.uid;
  user.groups = actor.groups;
  if (actor.extra) user.extra = sortedKeys(actor.extra);
  return {
    username: actor.username,
    identity: `"user":${goJson(user)},"sourceIPs":${goJson([actor.sourceIP])},"userAgent":${goJson(actor.userAgent)}`,
    allowed: `"annotations":${goJson({
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': actor.authorizationReason ?? '',
    })}`,
    actor,
  };
}
