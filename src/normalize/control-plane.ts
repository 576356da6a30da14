import { asArray, isRecord } from './pod-spec.js';

const CONTROL_PLANE_KEYS = new Set([
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/master',
  'node-role.kubernetes.io/controlplane',
  'node-role.kubernetes.io/etcd',
]);

/**
 * What in a pod spec steers it onto control-plane nodes: a node selector or required affinity
 * on the control-plane role labels, or a toleration of their taints (including a blanket
 * `operator: Exists` toleration with no key, which tolerates every taint).
 */
export function controlPlaneEvidence(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (isRecord(spec.nodeSelector)) {
    for (const key of Object.keys(spec.nodeSelector))
      if (CONTROL_PLANE_KEYS.has(key)) out.push(`nodeSelector ${key}`);
  }
  for (const term of requiredTerms(spec.affinity)) {
    for (const expr of asArray(isRecord(term) ? term.matchExpressions : undefined)) {
      if (!isRecord(expr) || typeof expr.key !== 'string') continue;
      if (
        CONTROL_PLANE_KEYS.has(expr.key) &&
        expr.operator !== 'DoesNotExist' &&
        expr.operator !== 'NotIn'
      )
        out.push(`nodeAffinity ${expr.key} ${String(expr.operator)}`);
    }
  }
  for (const t of asArray(spec.tolerations)) {
    if (!isRecord(t)) continue;
    if (typeof t.key === 'string' && CONTROL_PLANE_KEYS.has(t.key)) out.push(`toleration ${t.key}`);
    else if ((t.key === undefined || t.key === '') && t.operator === 'Exists')
      out.push('toleration of every taint (operator Exists, no key)');
  }
  if (
    typeof spec.nodeName === 'string' &&
    /(^|[-.])(master|control-?plane)([-.\d]|$)/i.test(spec.nodeName)
  )
    out.push(`nodeName ${spec.nodeName}`);
  return out;
}

function requiredTerms(affinity: unknown): unknown[] {
  if (!isRecord(affinity) || !isRecord(affinity.nodeAffinity)) return [];
  const required = affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const preferred = asArray(
    affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution,
  ).map((p) => (isRecord(p) ? p.preference : undefined));
  return [...asArray(isRecord(required) ? required.nodeSelectorTerms : undefined), ...preferred];
}
