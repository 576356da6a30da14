import type { JsonObject } from '../emulate/json.js';
import type { Rng } from './random.js';

const WORDS = (
  'the of a to is in for resource field value when if not set will be used by this that on ' +
  'controller pod container selector label namespace default specifies must may an as with ' +
  'configuration object reference which are all spec status name endpoint scrape interval ' +
  'timeout secret key optional deprecated between seconds string defined matching rules ' +
  'alertmanager prometheus retention storage volume tls certificate authority server client'
).split(' ');

function sentence(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(WORDS));
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

const FIELD_PARTS = [
  'scrape',
  'tls',
  'config',
  'selector',
  'namespace',
  'external',
  'labels',
  'retention',
  'storage',
  'resources',
  'remote',
  'write',
  'read',
  'endpoint',
  'timeout',
  'interval',
  'limit',
  'bearer',
  'token',
  'basic',
  'auth',
  'relabel',
  'query',
  'log',
  'level',
  'format',
];

function fieldName(rng: Rng): string {
  const a = rng.pick(FIELD_PARTS);
  const b = rng.pick(FIELD_PARTS);
  return `${a}${b[0]!.toUpperCase()}${b.slice(1)}`;
}

/** An openAPIV3Schema the size of those operators ship (prometheus-operator's run to 500 KB). */
export function crdSchema(rng: Rng, depth: number, breadth: number): JsonObject {
  const properties: JsonObject = {};
  for (let i = 0; i < breadth; i++) {
    const name = fieldName(rng);
    const r = rng.next();
    if (depth > 0 && r < 0.35)
      properties[name] = {
        ...crdSchema(rng, depth - 1, Math.max(2, breadth - 3)),
        description: sentence(rng, rng.int(8, 40)),
      };
    else if (r < 0.55)
      properties[name] = { description: sentence(rng, rng.int(6, 30)), type: 'string' };
    else if (r < 0.7)
      properties[name] = {
        description: sentence(rng, rng.int(6, 20)),
        format: 'int32',
        type: 'integer',
      };
    else if (r < 0.85)
      properties[name] = {
        description: sentence(rng, rng.int(6, 20)),
        items: { type: 'string' },
        type: 'array',
      };
    else properties[name] = { description: sentence(rng, rng.int(4, 12)), type: 'boolean' };
  }
  const sorted: JsonObject = {};
  for (const key of Object.keys(properties).sort()) sorted[key] = properties[key];
  return { properties: sorted, type: 'object' };
}

const METRICS = [
  'container_cpu_usage_seconds_total',
  'container_memory_working_set_bytes',
  'kube_pod_container_status_restarts_total',
  'http_requests_total',
  'http_request_duration_seconds_bucket',
  'node_cpu_seconds_total',
  'node_filesystem_avail_bytes',
  'kube_deployment_status_replicas_available',
];

/** A Grafana dashboard as sidecar-loaded ConfigMaps hold it: pretty-printed JSON text. */
export function dashboard(rng: Rng, title: string, panels: number): string {
  const list = Array.from({ length: panels }, (_, i) => {
    const metric = rng.pick(METRICS);
    return {
      datasource: { type: 'prometheus', uid: '${datasource}' },
      description: sentence(rng, rng.int(6, 18)),
      fieldConfig: {
        defaults: {
          color: { mode: 'palette-classic' },
          thresholds: {
            mode: 'absolute',
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: rng.int(50, 95) },
            ],
          },
          unit: rng.pick(['percentunit', 'bytes', 'reqps', 's', 'short']),
        },
        overrides: [],
      },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      id: i + 1,
      links: [
        {
          title: 'Drill down',
          url: `/d/k8s-pod?var-namespace=\${namespace}&var-pod=\${__field.labels.pod}&from=\${__from}&to=\${__to}`,
        },
      ],
      targets: [
        {
          expr: `sum by (namespace, pod) (rate(${metric}{cluster="$cluster", namespace=~"$namespace"}[$__rate_interval])) > 0`,
          legendFormat: '{{namespace}}/{{pod}}',
          refId: 'A',
        },
        {
          expr: `topk(10, sum by (pod) (${metric}{namespace=~"$namespace"}) < ${rng.int(1, 9)}e9)`,
          legendFormat: '{{pod}}',
          refId: 'B',
        },
      ],
      title: `${title} ${i + 1}: ${sentence(rng, 3).slice(0, -1)}`,
      type: rng.pick(['timeseries', 'stat', 'table', 'bargauge']),
    };
  });
  const doc = {
    annotations: { list: [] },
    editable: false,
    panels: list,
    refresh: '30s',
    schemaVersion: 39,
    tags: ['kubernetes', 'generated'],
    templating: { list: [] },
    time: { from: 'now-6h', to: 'now' },
    title,
    uid: rng.hex(9),
    version: 1,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
