import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/index.js';
import { isKnownAuditField } from '../../src/schema/audit-event-fields.js';

/** A workload event that exercises every derived field, so their paths can be listed. */
const FULL = normalize({
  verb: 'create',
  stage: 'ResponseComplete',
  user: {
    username: 'system:serviceaccount:ci:runner',
    extra: { 'authentication.kubernetes.io/pod-name': ['p'] },
  },
  objectRef: {
    resource: 'cronjobs',
    namespace: 'ci',
    name: 'x',
    apiGroup: 'batch',
    apiVersion: 'v1',
  },
  responseStatus: { code: 201 },
  requestObject: {
    metadata: {
      name: 'x',
      namespace: 'ci',
      ownerReferences: [{ kind: 'A', name: 'b', uid: 'u', controller: true }],
    },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        spec: {
          template: {
            metadata: { labels: { app: 'x' } },
            spec: {
              hostPID: true,
              containers: [
                {
                  name: 'c',
                  image: 'alpine',
                  command: ['sh', '-c', 'echo aGVsbG8gd29ybGQgZnJvbSBoZXJl | base64 -d | sh'],
                  env: [{ name: 'A', value: 'b' }],
                  securityContext: {
                    privileged: true,
                    capabilities: { add: ['SYS_ADMIN'] },
                    runAsUser: 0,
                  },
                  volumeMounts: [{ name: 'h', mountPath: '/h' }],
                  resources: { requests: { cpu: '1' }, limits: { memory: '1Gi' } },
                },
              ],
              volumes: [{ name: 'h', hostPath: { path: '/etc' } }],
            },
          },
        },
      },
    },
  },
});

function leafPaths(value: unknown, prefix: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    out.add(prefix);
    for (const v of value) leafPaths(v, prefix, out);
  } else if (value !== null && typeof value === 'object') {
    if (prefix) out.add(prefix);
    for (const [k, v] of Object.entries(value)) leafPaths(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.add(prefix);
}

const paths = new Set<string>();
for (const ns of ['action', 'actor', 'workload'] as const) leafPaths(FULL.facts[ns], ns, paths);
const docs = readFileSync(new URL('../../docs/fields.md', import.meta.url), 'utf8');

describe('derived fields contract', () => {
  it('every derived field path is known to `rules check --unknown-fields`', () => {
    const unknown = [...paths].filter(
      (p) => !isKnownAuditField(p) && !p.startsWith('workload.labels.'),
    );
    expect(unknown).toEqual([]);
  });

  it('every derived field is documented in docs/fields.md', () => {
    const missing = [...paths].filter((p) => {
      const last = p.split('.').pop()!;
      // Nested container and host-path fields are documented by their last name in a table.
      return !docs.includes(`\`${p}\``) && !docs.includes(last);
    });
    expect(missing).toEqual([]);
  });
});
