import { fixedUuid } from '../emulate/ids.js';
import { LEASES } from './categories.js';
import type { Traffic } from './context.js';
import { OK, type Request } from './envelope.js';
import type { Who } from './identity.js';
import { escapeQuery, K, pathOf, refJson } from './resources.js';

/**
 * Heartbeats: every kubelet renews its node lease every 10 s, and every leader-elected
 * component renews its lease every 2 s while standbys read it.
 */
export function lease(t: Traffic): void {
  const r = t.rng.next();
  if (r < 0.7) {
    const node = t.rng.pick(t.cluster.nodes);
    renew(t, node.kubelet, 'kube-node-lease', node.name, '10s', 'update');
    return;
  }
  const { who, namespace, name } = leader(t);
  renew(t, who, namespace, name, '5s', r < 0.95 ? 'update' : 'get');
}

function leader(t: Traffic): { who: Who; namespace: string; name: string } {
  const c = t.cluster;
  const r = t.rng.next();
  if (r < 0.3)
    return {
      who: c.controllerManagerLeader,
      namespace: 'kube-system',
      name: 'kube-controller-manager',
    };
  if (r < 0.6) return { who: c.schedulerLeader, namespace: 'kube-system', name: 'kube-scheduler' };
  const electing = c.operators.filter((o) => o.operator.lease);
  const o = t.rng.pick(electing);
  return { who: o.who, namespace: o.operator.lease!.namespace, name: o.operator.lease!.name };
}

function renew(
  t: Traffic,
  who: Who,
  namespace: string,
  name: string,
  timeout: string,
  verb: 'update' | 'get',
): void {
  const query = verb === 'update' ? `?timeout=${timeout}` : '';
  const uid = fixedUuid(`lease/${namespace}/${name}`);
  const r: Request = {
    level: 'Metadata',
    verb,
    uri: escapeQuery(`${pathOf(K.leases, namespace, name)}${query}`),
    who,
    urlRef: refJson(K.leases, namespace, name),
    ref:
      verb === 'update'
        ? refJson(K.leases, namespace, name, {
            uid,
            resourceVersion: String(t.currentResourceVersion() - t.rng.int(20, 3000)),
          })
        : refJson(K.leases, namespace, name),
    status: OK,
  };
  if (verb === 'update') t.nextResourceVersion();
  t.request(r, verb === 'update' ? t.rng.int(1_800, 9_500) : t.rng.int(400, 2_500), LEASES);
}
