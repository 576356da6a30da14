import { clone, dig, isRecord, type JsonObject } from './json.js';

/**
 * The autoscaling/v1 Scale view of a workload, as `/scale` reads and writes it. The selector is
 * the label-selector string form, which is what an HPA matches pods with.
 */
export function scaleOf(workload: JsonObject, replicas?: unknown): JsonObject {
  const metadata = isRecord(workload.metadata) ? workload.metadata : {};
  const matchLabels = dig(workload, 'spec', 'selector', 'matchLabels');
  const selector = isRecord(matchLabels)
    ? Object.keys(matchLabels)
        .sort()
        .map((k) => `${k}=${String(matchLabels[k])}`)
        .join(',')
    : '';
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      creationTimestamp: metadata.creationTimestamp,
    },
    spec: { replicas: replicas ?? dig(workload, 'spec', 'replicas') },
    status: { replicas: dig(workload, 'status', 'replicas') ?? 0, selector },
  };
}

/** The workload with the replica count a Scale write asked for. */
export function scaled(workload: JsonObject, replicas: unknown): JsonObject {
  const next = clone(workload);
  if (isRecord(next.spec)) next.spec.replicas = replicas;
  return next;
}
