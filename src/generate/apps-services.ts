import { appsWorkload, container } from '../emulate/catalogue/manifests.js';
import type { JsonObject } from '../emulate/json.js';
import type { App } from './apps.js';
import {
  antiAffinity,
  chartLabels,
  DOWNWARD_ENV,
  httpProbe,
  otelSidecar,
  resources,
  RESTRICTED,
  secretEnv,
  SPREAD,
} from './app-parts.js';

interface ServiceSpec {
  name: string;
  namespace: string;
  image: string;
  version: string;
  partOf: string;
  port: number;
  replicas: number;
  kind?: 'Deployment' | 'StatefulSet';
  env?: JsonObject[];
  sidecar?: boolean;
  args?: string[];
  weight: number;
  podSecurity?: string;
}

/** A team's service as its Helm chart renders it: app container, config, secret, sidecar. */
function service(s: ServiceSpec): App {
  const labels = chartLabels(s.name, s.version, s.partOf);
  const volumes: JsonObject[] = [
    { name: 'config', configMap: { name: `${s.name}-config`, defaultMode: 420 } },
    { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
  ];
  if (s.sidecar) volumes.push({ name: 'otel-config', configMap: { name: 'otel-collector' } });
  const app = container(s.name, s.image, {
    ...(s.args ? { args: s.args } : {}),
    ports: [
      { name: 'http', containerPort: s.port, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ],
    env: [
      ...DOWNWARD_ENV,
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://localhost:4317' },
      ...(s.env ?? []),
    ],
    envFrom: [{ configMapRef: { name: `${s.name}-config` } }],
    resources: resources('250m', '512Mi', '768Mi'),
    volumeMounts: [
      { name: 'config', readOnly: true, mountPath: '/etc/app' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
    livenessProbe: httpProbe('/healthz', 'http', 10),
    readinessProbe: httpProbe('/ready', 'http', 5),
    securityContext: RESTRICTED,
  });
  const podSpec: JsonObject = {
    volumes,
    containers: s.sidecar ? [app, otelSidecar(s.name)] : [app],
    serviceAccountName: s.name,
    securityContext: { fsGroup: 10001 },
    affinity: antiAffinity(s.name),
    topologySpreadConstraints: [
      { ...SPREAD[0], labelSelector: { matchLabels: { 'app.kubernetes.io/name': s.name } } },
    ],
    imagePullSecrets: [{ name: 'ghcr-pull' }],
  };
  const kind = s.kind ?? 'Deployment';
  const manifest = appsWorkload(kind, { name: s.name, namespace: s.namespace, labels }, podSpec, {
    replicas: s.replicas,
    selector: {
      'app.kubernetes.io/instance': s.name,
      'app.kubernetes.io/name': s.name,
    },
    templateLabels: labels,
    ...(kind === 'StatefulSet' ? { spec: { serviceName: `${s.name}-headless` } } : {}),
  });
  return {
    name: s.name,
    namespace: s.namespace,
    kind,
    manifest,
    podSecurity: s.podSecurity ?? 'restricted:latest',
    configMaps: [`${s.name}-config`, 'kube-root-ca.crt', 'otel-collector'],
    secrets: [`${s.name}-secrets`, 'ghcr-pull'],
    weight: s.weight,
  };
}

const DB = (ns: string, db: string): JsonObject[] => [
  secretEnv('DATABASE_URL', `${db}-credentials`, 'url'),
  { name: 'DATABASE_POOL_SIZE', value: '20' },
  { name: 'DATABASE_HOST', value: `${db}.${ns}.svc.cluster.local` },
];

export const SERVICES: App[] = [
  service({
    name: 'shop-api',
    namespace: 'shop',
    image: 'ghcr.io/acme-corp/shop-api:4.12.0',
    version: '4.12.0',
    partOf: 'shop',
    port: 8080,
    replicas: 6,
    env: DB('shop', 'shop-db'),
    sidecar: true,
    weight: 6,
  }),
  service({
    name: 'shop-web',
    namespace: 'shop',
    image: 'ghcr.io/acme-corp/shop-web:2.31.4',
    version: '2.31.4',
    partOf: 'shop',
    port: 3000,
    replicas: 4,
    env: [{ name: 'API_BASE_URL', value: 'http://shop-api.shop.svc:8080' }],
    weight: 4,
  }),
  service({
    name: 'cart',
    namespace: 'shop',
    image: 'ghcr.io/acme-corp/cart:1.9.2',
    version: '1.9.2',
    partOf: 'shop',
    port: 8080,
    replicas: 3,
    env: [{ name: 'REDIS_ADDR', value: 'redis-master.shop.svc:6379' }],
    sidecar: true,
    weight: 3,
  }),
  service({
    name: 'checkout',
    namespace: 'checkout',
    image: 'ghcr.io/acme-corp/checkout:3.4.0',
    version: '3.4.0',
    partOf: 'checkout',
    port: 8080,
    replicas: 4,
    env: [
      ...DB('checkout', 'checkout-db'),
      { name: 'PAYMENTS_URL', value: 'http://payments-api.payments.svc:8080' },
    ],
    sidecar: true,
    weight: 4,
  }),
  service({
    name: 'payments-api',
    namespace: 'payments',
    image: 'ghcr.io/acme-corp/payments-api:3.4.0',
    version: '3.4.0',
    partOf: 'payments',
    port: 8080,
    replicas: 4,
    env: [
      ...DB('payments', 'payments-db'),
      secretEnv('STRIPE_API_KEY', 'payments-api-secrets', 'stripe-key'),
    ],
    sidecar: true,
    weight: 4,
  }),
  service({
    name: 'ledger-worker',
    namespace: 'payments',
    image: 'ghcr.io/acme-corp/ledger-worker:1.22.1',
    version: '1.22.1',
    partOf: 'payments',
    port: 8081,
    replicas: 2,
    args: ['--queue=ledger', '--concurrency=8'],
    env: DB('payments', 'payments-db'),
    weight: 2,
  }),
  service({
    name: 'search',
    namespace: 'catalog',
    image: 'ghcr.io/acme-corp/catalog-search:5.0.3',
    version: '5.0.3',
    partOf: 'catalog',
    port: 8080,
    replicas: 3,
    env: [{ name: 'OPENSEARCH_URL', value: 'https://opensearch.catalog.svc:9200' }],
    sidecar: true,
    weight: 3,
  }),
  service({
    name: 'notifications',
    namespace: 'messaging',
    image: 'ghcr.io/acme-corp/notifications:2.8.0',
    version: '2.8.0',
    partOf: 'messaging',
    port: 8080,
    replicas: 2,
    env: [secretEnv('SMTP_PASSWORD', 'notifications-secrets', 'smtp-password')],
    weight: 2,
  }),
  service({
    name: 'grafana',
    namespace: 'monitoring',
    image: 'docker.io/grafana/grafana:10.4.2',
    version: '10.4.2',
    partOf: 'kube-prometheus-stack',
    port: 3000,
    replicas: 1,
    weight: 1,
    podSecurity: 'baseline:latest',
  }),
  service({
    name: 'kafka',
    namespace: 'messaging',
    kind: 'StatefulSet',
    image: 'docker.io/bitnami/kafka:3.7.0-debian-12-r3',
    version: '3.7.0',
    partOf: 'messaging',
    port: 9092,
    replicas: 3,
    weight: 1,
    podSecurity: 'baseline:latest',
  }),
  service({
    name: 'redis-master',
    namespace: 'shop',
    kind: 'StatefulSet',
    image: 'docker.io/bitnami/redis:7.2.4-debian-12-r16',
    version: '7.2.4',
    partOf: 'shop',
    port: 6379,
    replicas: 1,
    weight: 1,
    podSecurity: 'baseline:latest',
  }),
];
