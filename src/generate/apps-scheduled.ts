import { container, cronJob } from '../emulate/catalogue/manifests.js';
import type { JsonObject } from '../emulate/json.js';
import type { App } from './apps.js';
import { resources, RESTRICTED, secretEnv } from './app-parts.js';

interface ScheduledSpec {
  name: string;
  namespace: string;
  everyMinutes: number;
  image: string;
  command: string[];
  env?: JsonObject[];
}

/** A CronJob every `everyMinutes` minutes, run by the cronjob and job controllers. */
function scheduled(s: ScheduledSpec): App {
  // Hourly jobs run off the hour: teams avoid :00, when everything else starts.
  const schedule = s.everyMinutes >= 60 ? '17 * * * *' : `*/${s.everyMinutes} * * * *`;
  const manifest = cronJob(
    {
      name: s.name,
      namespace: s.namespace,
      labels: { 'app.kubernetes.io/name': s.name, 'app.kubernetes.io/managed-by': 'Helm' },
    },
    schedule,
    {
      restartPolicy: 'OnFailure',
      serviceAccountName: s.name,
      securityContext: { fsGroup: 10001 },
      containers: [
        container(s.name, s.image, {
          command: s.command,
          env: s.env ?? [],
          resources: resources('100m', '256Mi'),
          securityContext: RESTRICTED,
        }),
      ],
    },
    {
      templateLabels: { 'app.kubernetes.io/name': s.name },
      spec: {
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
      },
    },
  );
  return {
    name: s.name,
    namespace: s.namespace,
    kind: 'CronJob',
    manifest,
    podSecurity: 'restricted:latest',
    configMaps: ['kube-root-ca.crt'],
    secrets: [],
    everyMinutes: s.everyMinutes,
    weight: 1,
  };
}

export const SCHEDULED: App[] = [
  scheduled({
    name: 'cart-expiry',
    namespace: 'shop',
    everyMinutes: 5,
    image: 'ghcr.io/acme-corp/shop-api:4.12.0',
    command: ['/app/shop-api', 'jobs', 'expire-carts', '--older-than=72h'],
  }),
  scheduled({
    name: 'outbox-relay',
    namespace: 'payments',
    everyMinutes: 1,
    image: 'ghcr.io/acme-corp/ledger-worker:1.22.1',
    command: ['/app/ledger-worker', 'relay-outbox', '--batch=500'],
    env: [secretEnv('DATABASE_URL', 'payments-db-credentials', 'url')],
  }),
  scheduled({
    name: 'search-reindex',
    namespace: 'catalog',
    everyMinutes: 15,
    image: 'ghcr.io/acme-corp/catalog-search:5.0.3',
    command: ['/app/catalog-search', 'reindex', '--changed-since=20m'],
  }),
  scheduled({
    name: 'invoice-export',
    namespace: 'payments',
    everyMinutes: 60,
    image: 'ghcr.io/acme-corp/invoice-export:0.14.2',
    command: ['/app/invoice-export', '--format=parquet', '--bucket=s3://acme-finance-exports'],
  }),
  scheduled({
    name: 'digest-mailer',
    namespace: 'messaging',
    everyMinutes: 10,
    image: 'ghcr.io/acme-corp/notifications:2.8.0',
    command: ['/app/notifications', 'send-digests'],
  }),
];
