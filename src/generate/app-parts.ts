import type { JsonObject } from '../emulate/json.js';

/**
 * Pieces of the generated cluster's manifests, written the way Helm charts write them:
 * restricted security contexts, probes, resource requests, downward-API env.
 */
export const RESTRICTED: JsonObject = {
  capabilities: { drop: ['ALL'] },
  runAsUser: 10001,
  runAsGroup: 10001,
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  seccompProfile: { type: 'RuntimeDefault' },
};

export function httpProbe(path: string, port: string, initialDelaySeconds: number): JsonObject {
  return {
    httpGet: { path, port, scheme: 'HTTP' },
    initialDelaySeconds,
    timeoutSeconds: 2,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  };
}

export function resources(cpu: string, memory: string, limitMemory = memory): JsonObject {
  return { limits: { memory: limitMemory }, requests: { cpu, memory } };
}

export const DOWNWARD_ENV: JsonObject[] = [
  { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
  {
    name: 'POD_NAMESPACE',
    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
  },
  { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
];

export function secretEnv(name: string, secret: string, key: string): JsonObject {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** The OpenTelemetry collector sidecar several teams add to their pods. */
export function otelSidecar(service: string): JsonObject {
  return {
    name: 'otel-collector',
    image:
      'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.101.0',
    args: ['--config=/conf/otel-collector.yaml'],
    ports: [{ name: 'otlp-grpc', containerPort: 4317, protocol: 'TCP' }],
    env: [
      { name: 'OTEL_SERVICE_NAME', value: service },
      { name: 'GOMEMLIMIT', value: '160MiB' },
    ],
    resources: resources('50m', '128Mi', '192Mi'),
    volumeMounts: [{ name: 'otel-config', readOnly: true, mountPath: '/conf' }],
    securityContext: RESTRICTED,
  };
}

export const SPREAD: JsonObject[] = [
  {
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'ScheduleAnyway',
  },
];

export function antiAffinity(app: string): JsonObject {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            labelSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
            topologyKey: 'kubernetes.io/hostname',
          },
        },
      ],
    },
  };
}

export function chartLabels(app: string, version: string, partOf: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': app,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/part-of': partOf,
    'app.kubernetes.io/version': version,
    'helm.sh/chart': `${app}-${version}`,
  };
}
