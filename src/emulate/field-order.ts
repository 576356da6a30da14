import { isRecord, type JsonObject } from './json.js';

/**
 * The API server encodes objects from Go structs (fields in declaration order) and maps (keys
 * sorted). Reordering generated bodies the same way makes them byte-for-byte the shape a real
 * log has, which matters to anyone diffing the emulator against a cluster.
 */
interface Shape {
  order?: readonly string[];
  fields?: Record<string, Shape>;
  items?: Shape;
  /** A Go map: keys sorted, values left alone. */
  sortedKeys?: boolean;
}

const MAP: Shape = { sortedKeys: true };
const SELECTOR: Shape = {
  order: ['matchLabels', 'matchExpressions'],
  fields: { matchLabels: MAP },
};

const METADATA: Shape = {
  order: [
    'name',
    'generateName',
    'namespace',
    'selfLink',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'labels',
    'annotations',
    'ownerReferences',
    'finalizers',
    'managedFields',
  ],
  fields: {
    labels: MAP,
    annotations: MAP,
    ownerReferences: {
      items: { order: ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'] },
    },
    managedFields: {
      items: {
        order: [
          'manager',
          'operation',
          'apiVersion',
          'time',
          'fieldsType',
          'fieldsV1',
          'subresource',
        ],
      },
    },
  },
};

const PROBE: Shape = {
  order: [
    'exec',
    'httpGet',
    'tcpSocket',
    'grpc',
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
    'terminationGracePeriodSeconds',
  ],
  fields: { httpGet: { order: ['path', 'port', 'host', 'scheme', 'httpHeaders'] } },
};

const CONTAINER: Shape = {
  order: [
    'name',
    'image',
    'command',
    'args',
    'workingDir',
    'ports',
    'envFrom',
    'env',
    'resources',
    'resizePolicy',
    'restartPolicy',
    'volumeMounts',
    'volumeDevices',
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'securityContext',
    'stdin',
    'stdinOnce',
    'tty',
    'targetContainerName',
  ],
  fields: {
    ports: { items: { order: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'] } },
    env: {
      items: {
        order: ['name', 'value', 'valueFrom'],
        fields: { valueFrom: { fields: { fieldRef: { order: ['apiVersion', 'fieldPath'] } } } },
      },
    },
    resources: { order: ['limits', 'requests', 'claims'], fields: { limits: MAP, requests: MAP } },
    volumeMounts: {
      items: {
        order: [
          'name',
          'readOnly',
          'recursiveReadOnly',
          'mountPath',
          'subPath',
          'mountPropagation',
        ],
      },
    },
    livenessProbe: PROBE,
    readinessProbe: PROBE,
    startupProbe: PROBE,
    securityContext: {
      order: [
        'capabilities',
        'privileged',
        'seLinuxOptions',
        'windowsOptions',
        'runAsUser',
        'runAsGroup',
        'runAsNonRoot',
        'readOnlyRootFilesystem',
        'allowPrivilegeEscalation',
        'procMount',
        'seccompProfile',
      ],
      fields: { capabilities: { order: ['add', 'drop'] } },
    },
  },
};

const POD_SPEC: Shape = {
  order: [
    'volumes',
    'initContainers',
    'containers',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'dnsPolicy',
    'nodeSelector',
    'serviceAccountName',
    'serviceAccount',
    'automountServiceAccountToken',
    'nodeName',
    'hostNetwork',
    'hostPID',
    'hostIPC',
    'shareProcessNamespace',
    'securityContext',
    'imagePullSecrets',
    'hostname',
    'subdomain',
    'affinity',
    'schedulerName',
    'tolerations',
    'hostAliases',
    'priorityClassName',
    'priority',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'enableServiceLinks',
    'preemptionPolicy',
    'overhead',
    'topologySpreadConstraints',
  ],
  fields: {
    volumes: { items: { fields: { hostPath: { order: ['path', 'type'] } } } },
    initContainers: { items: CONTAINER },
    containers: { items: CONTAINER },
    ephemeralContainers: { items: CONTAINER },
    nodeSelector: MAP,
    tolerations: { items: { order: ['key', 'operator', 'value', 'effect', 'tolerationSeconds'] } },
  },
};

const TEMPLATE: Shape = {
  order: ['metadata', 'spec'],
  fields: { metadata: METADATA, spec: POD_SPEC },
};

const JOB_SPEC: Shape = {
  order: [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'podFailurePolicy',
    'backoffLimit',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
    'selector',
    'manualSelector',
    'template',
    'ttlSecondsAfterFinished',
    'completionMode',
    'suspend',
    'podReplacementPolicy',
  ],
  fields: { selector: SELECTOR, template: TEMPLATE },
};

const SPEC_BY_KIND: Record<string, Shape> = {
  Pod: POD_SPEC,
  Job: JOB_SPEC,
  CronJob: {
    order: [
      'schedule',
      'timeZone',
      'startingDeadlineSeconds',
      'concurrencyPolicy',
      'suspend',
      'jobTemplate',
      'successfulJobsHistoryLimit',
      'failedJobsHistoryLimit',
    ],
    fields: {
      jobTemplate: { order: ['metadata', 'spec'], fields: { metadata: METADATA, spec: JOB_SPEC } },
    },
  },
  Deployment: {
    order: [
      'replicas',
      'selector',
      'template',
      'strategy',
      'minReadySeconds',
      'revisionHistoryLimit',
      'paused',
      'progressDeadlineSeconds',
    ],
    fields: {
      selector: SELECTOR,
      template: TEMPLATE,
      strategy: {
        order: ['type', 'rollingUpdate'],
        fields: { rollingUpdate: { order: ['maxUnavailable', 'maxSurge'] } },
      },
    },
  },
  DaemonSet: {
    order: ['selector', 'template', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'],
    fields: { selector: SELECTOR, template: TEMPLATE },
  },
  StatefulSet: {
    order: [
      'replicas',
      'selector',
      'template',
      'volumeClaimTemplates',
      'serviceName',
      'podManagementPolicy',
      'updateStrategy',
      'revisionHistoryLimit',
      'minReadySeconds',
      'persistentVolumeClaimRetentionPolicy',
    ],
    fields: { selector: SELECTOR, template: TEMPLATE },
  },
  ReplicaSet: {
    order: ['replicas', 'minReadySeconds', 'selector', 'template'],
    fields: { selector: SELECTOR, template: TEMPLATE },
  },
  ReplicationController: {
    order: ['replicas', 'minReadySeconds', 'selector', 'template'],
    fields: { selector: MAP, template: TEMPLATE },
  },
};

const POD_STATUS = [
  'phase',
  'conditions',
  'message',
  'reason',
  'nominatedNodeName',
  'hostIP',
  'hostIPs',
  'podIP',
  'podIPs',
  'startTime',
  'initContainerStatuses',
  'containerStatuses',
  'qosClass',
];

/** A copy of `object` with its keys in the order the API server would write them. */
export function inServerOrder(object: unknown): unknown {
  if (!isRecord(object)) return object;
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const shape: Shape = {
    order: ['kind', 'apiVersion', 'metadata', 'spec', 'status'],
    fields: {
      metadata: METADATA,
      ...(SPEC_BY_KIND[kind] ? { spec: SPEC_BY_KIND[kind] } : {}),
      ...(kind === 'Pod' ? { status: { order: POD_STATUS } } : {}),
    },
  };
  return reorder(object, shape);
}

/** A copy with Go map ordering: keys sorted. */
export function sortedKeys<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function reorder(value: unknown, shape: Shape | undefined): unknown {
  if (!shape) return value;
  if (Array.isArray(value)) return value.map((v) => reorder(v, shape.items));
  if (!isRecord(value)) return value;
  if (shape.sortedKeys) return sortedKeys(value);
  const keys = Object.keys(value);
  const order = shape.order ?? [];
  const known = order.filter((k) => k in value);
  const rest = keys.filter((k) => !order.includes(k));
  const out: JsonObject = {};
  for (const key of [...known, ...rest]) out[key] = reorder(value[key], shape.fields?.[key]);
  return out;
}
