import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAuditValue } from '../../src/decode/index.js';
import { linkFacts, NAMING_CONTROLLERS } from '../../src/detect/follow-ups.js';
import { normalize } from '../../src/normalize/index.js';
import { buildPrefilter } from '../../src/prefilter/index.js';
import { loadRulePaths } from '../../src/sigma/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { ruleSet } = loadRulePaths([join(ROOT, 'rules')], { strict: true });
const prefilter = buildPrefilter(ruleSet.witnesses(), { followUps: true })!;
// Rules that exclude subresources by `action.subresource: [null, …]` and read no workload
// facts: in the full pack the coarser workload-write condition would hide a wrong answer.
const subresourceRules = loadRulePaths(
  [
    'workload_created_by_anonymous',
    'workload_impersonated_system_identity',
    'workload_write_denied',
  ].map((r) => join(ROOT, 'rules/kubernetes/audit', `${r}.yml`)),
  { strict: true },
).ruleSet;
const subresourcePrefilter = buildPrefilter(subresourceRules.witnesses(), { followUps: false })!;

/**
 * What `scan --no-prefilter` could do with the line: a rule matches one of its events, or the
 * follow-up linker could attach one to an earlier alert (a controller's event naming owners,
 * or a naming controller's create of a workload object).
 */
function mayMatter(line: string, rules = ruleSet, linking = true): boolean {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return false;
  }
  return decodeAuditValue(value, { file: 't', line: 1 }).events.some((e) => {
    const n = normalize(e.event);
    if (rules.test(n.document).length > 0) return true;
    const link = linkFacts(n);
    return (
      linking &&
      link.controller &&
      (link.owners.length > 0 ||
        (link.createdName !== null && NAMING_CONTROLLERS.includes(link.controllerName)))
    );
  });
}

const USERS = {
  kubelet: '{"username":"system:node:ip-10-0-1-2.ec2.internal","groups":["system:nodes"]}',
  scheduler: '{"username":"system:kube-scheduler","groups":["system:authenticated"]}',
  replicaset:
    '{"username":"system:serviceaccount:kube-system:replicaset-controller","groups":["system:serviceaccounts"]}',
  anonymous: '{"username":"system:anonymous","groups":["system:unauthenticated"]}',
  alice: '{"username":"alice@example.com","groups":["system:authenticated"]}',
};

const POD = (extra: string): string =>
  `{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web-7d9c5-x2k4q","namespace":"prod"${extra}},` +
  '"spec":{"containers":[{"name":"c","image":"nginx:1.27","securityContext":{"privileged":true}}]}}';

function line(parts: {
  verb: string;
  user: string;
  objectRef: string;
  body?: string;
  extra?: string;
  code?: number;
}): string {
  return (
    `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"a1",` +
    `"stage":"ResponseComplete","requestURI":"/api/v1/namespaces/prod/pods","verb":"${parts.verb}",` +
    `"user":${parts.user},"sourceIPs":["10.0.1.2"],"userAgent":"kubelet/v1.29.3",` +
    `"objectRef":${parts.objectRef}${parts.extra ?? ''},` +
    `"responseStatus":{"metadata":{},"code":${parts.code ?? 200}}` +
    `${parts.body ? `,"requestObject":${parts.body}` : ''}}`
  );
}

describe('request probes (subresource, workload write, actor type)', () => {
  it('skips kubelet status patches and scheduler bindings of pods', () => {
    const status = line({
      verb: 'patch',
      user: USERS.kubelet,
      objectRef:
        '{"resource":"pods","namespace":"prod","name":"web-7d9c5-x2k4q","subresource":"status"}',
      body: '{"status":{"phase":"Running"}}',
    });
    const binding = line({
      verb: 'create',
      user: USERS.scheduler,
      objectRef:
        '{"resource":"pods","namespace":"prod","name":"web-7d9c5-x2k4q","subresource":"binding"}',
      body: '{"kind":"Binding","target":{"kind":"Node","name":"n1"}}',
      code: 201,
    });
    for (const l of [status, binding]) {
      expect(mayMatter(l), l).toBe(false);
      expect(prefilter.test(Buffer.from(l)), l).toBe(false);
    }
  });

  it('lets through privileged pods, ephemeral containers and controller creates', () => {
    const lines = [
      line({
        verb: 'create',
        user: USERS.alice,
        objectRef: '{"resource":"pods","namespace":"prod","name":"web"}',
        body: POD(''),
      }),
      line({
        verb: 'patch',
        user: USERS.alice,
        objectRef:
          '{"resource":"pods","namespace":"prod","name":"web","subresource":"ephemeralcontainers"}',
        body: POD(''),
      }),
      line({
        verb: 'create',
        user: USERS.replicaset,
        objectRef: '{"resource":"pods","namespace":"prod"}',
        body: POD(',"ownerReferences":[{"kind":"ReplicaSet","name":"web-7d9c5","uid":"u1"}]'),
      }),
    ];
    for (const l of lines) {
      expect(mayMatter(l), l).toBe(true);
      expect(prefilter.test(Buffer.from(l)), l).toBe(true);
    }
  });

  it('never skips a line a rule matches or the linker could attach', () => {
    const subresource = fc.constantFrom(
      '',
      ',"subresource":"status"',
      ',"subresource":"binding"',
      ',"subresource":"ephemeralcontainers"',
      ',"subresource":""',
      ',"subresource":null',
      ',"subresource":7',
      ',"subresource":"status","subresource":"ephemeralcontainers"',
    );
    const objectRef = fc
      .tuple(fc.constantFrom('pods', 'jobs', 'cronjobs', 'secrets', 'daemonsets'), subresource)
      .map(([r, s]) => `{"resource":"${r}","namespace":"prod","name":"web-7d9c5-x2k4q"${s}}`);
    const extra = fc.constantFrom(
      '',
      ',"action.subresource":"ephemeralcontainers"',
      ',"actor.type":"controller"',
      ',"workload.privileged":true',
      `,"impersonatedUser":${USERS.anonymous}`,
      ',"impersonatedUser":{"username":"system:kube-scheduler"}',
      ',"objectRef":{"resource":"pods","namespace":"prod","name":"x"}',
      ',"user":{"username":"system:serviceaccount:kube-system:job-controller"}',
      ',"obj\\u0065ctRef":{"resource":"pods"}',
    );
    const body = fc.constantFrom(
      undefined,
      POD(''),
      POD(',"ownerReferences":[{"kind":"ReplicaSet","name":"web-7d9c5","uid":"u1"}]'),
      '{"status":{"phase":"Running"}}',
    );
    fc.assert(
      fc.property(
        fc.constantFrom('create', 'update', 'patch', 'get', 'delete'),
        fc.constantFrom(...Object.values(USERS)),
        objectRef,
        body,
        fc.array(extra, { maxLength: 2 }),
        fc.constantFrom(200, 201, 403),
        (verb, user, ref, b, extras, code) => {
          const l = line({ verb, user, objectRef: ref, body: b, extra: extras.join(''), code });
          if (mayMatter(l)) expect(prefilter.test(Buffer.from(l)), l).toBe(true);
          if (mayMatter(l, subresourceRules, false))
            expect(subresourcePrefilter.test(Buffer.from(l)), l).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
