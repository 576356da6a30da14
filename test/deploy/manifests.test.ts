import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { WORKLOAD_KINDS } from '../../src/normalize/pod-spec.js';
import { parseListen, SERVE_ENV, serveConfigSchema } from '../../src/serve/config.js';

/**
 * Keeps deploy/ honest without a cluster: every manifest parses, names only flags, variables,
 * routes and ports `cronwarden serve` really has, and the audit policy logs what the rules need.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');
const NAMESPACE = 'cronwarden';

type Obj = Record<string, unknown>;

interface Doc {
  file: string;
  value: Obj;
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function obj(value: unknown, what: string): Obj {
  if (!isObj(value)) throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

function arr(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${String(value)}`);
  return value;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${value}`);
  return value;
}

function strings(value: unknown, what: string): string[] {
  return arr(value, what).map((v, i) => str(v, `${what}[${i}]`));
}

const yamlFiles = readdirSync(DEPLOY)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

const docs: Doc[] = yamlFiles.flatMap((file) => {
  const parsed = parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: not a YAML stream`);
  return parsed.flatMap((d) => {
    if (d.errors.length > 0)
      throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = d.toJS();
    // A file of comments only (rbac.yaml) is an empty document.
    return value === null || value === undefined ? [] : [{ file, value: obj(value, file) }];
  });
});

function only(kind: string, file?: string): Obj {
  const found = docs.filter((d) => d.value.kind === kind && (!file || d.file === file));
  // A plain throw: describe blocks call this while collecting, outside any test.
  if (found.length !== 1)
    throw new Error(
      `expected exactly one ${kind}${file ? ` in ${file}` : ''}, found ${found.length}`,
    );
  return found[0]!.value;
}

function path(value: unknown, ...keys: (string | number)[]): unknown {
  let node = value;
  for (const key of keys) {
    if (typeof key === 'number') node = Array.isArray(node) ? node[key] : undefined;
    else node = isObj(node) ? node[key] : undefined;
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// What the source says serve has.

const mainTs = readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8');
const serveSection = (() => {
  const start = mainTs.indexOf(".command('serve')");
  const end = mainTs.indexOf('.action(', start);
  if (start < 0 || end < 0) throw new Error("src/cli/main.ts: no .command('serve') … .action(");
  return mainTs.slice(start, end);
})();

/** `--flag` → whether it takes a value, from `.option('-c, --config <file>', …)` and `new Option(`. */
const serveFlags = new Map<string, boolean>(
  [
    ...serveSection.matchAll(
      /(?:\.option|new Option)\(\s*'(?:-\w, )?(--[\w-]+)( [<[][^'>\]]+[>\]])?/g,
    ),
  ].map((m) => [m[1]!, Boolean(m[2])]),
);

const appTs = ['app.ts', 'routes-ingest.ts', 'routes-api.ts']
  .map((f) => readFileSync(join(ROOT, 'src/serve', f), 'utf8'))
  .join('\n');
const routes = new Set(
  [...appTs.matchAll(/app\.(get|post)\(\s*'([^']+)'/g)].map(
    (m) => `${m[1]!.toUpperCase()} ${m[2]}`,
  ),
);

const WORKLOAD_RESOURCES: { group: string; resource: string }[] = [...WORKLOAD_KINDS.keys()]
  .map((resource) => ({
    group: ['cronjobs', 'jobs'].includes(resource)
      ? 'batch'
      : ['deployments', 'daemonsets', 'statefulsets', 'replicasets'].includes(resource)
        ? 'apps'
        : '',
    resource,
  }))
  .concat([{ group: '', resource: 'pods/ephemeralcontainers' }]);

// ---------------------------------------------------------------------------------------------

describe('deploy/ manifests', () => {
  it('parse, and every document is a known kind and apiVersion', () => {
    expect(yamlFiles.length).toBeGreaterThan(10);
    const expected: Record<string, string> = {
      Namespace: 'v1',
      ServiceAccount: 'v1',
      ConfigMap: 'v1',
      PersistentVolumeClaim: 'v1',
      Service: 'v1',
      Deployment: 'apps/v1',
      NetworkPolicy: 'networking.k8s.io/v1',
      ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
      ClusterRole: 'rbac.authorization.k8s.io/v1',
      ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
      Policy: 'audit.k8s.io/v1',
      Config: 'v1',
      AdmissionConfiguration: 'apiserver.config.k8s.io/v1',
      Kustomization: 'kustomize.config.k8s.io/v1beta1',
    };
    for (const { file, value } of docs) {
      const kind = str(value.kind, `${file}: kind`);
      expect(Object.keys(expected), `${file}: kind ${kind}`).toContain(kind);
      expect(value.apiVersion, `${file}: ${kind} apiVersion`).toBe(expected[kind]);
      const ns = path(value, 'metadata', 'namespace');
      if (ns !== undefined) expect(ns, `${file}: namespace`).toBe(NAMESPACE);
    }
    for (const kind of Object.keys(expected)) {
      expect(
        docs.some((d) => d.value.kind === kind),
        `a ${kind} somewhere in deploy/`,
      ).toBe(true);
    }
  });

  it('kustomization lists every in-cluster object file and no API server side file', () => {
    const k = only('Kustomization');
    const resources = strings(k.resources, 'kustomization resources');
    const inCluster = new Set(
      docs
        .filter(
          (d) =>
            !['Policy', 'Config', 'AdmissionConfiguration', 'Kustomization'].includes(
              String(d.value.kind),
            ) && d.file !== 'rbac-response.yaml',
        )
        .map((d) => d.file),
    );
    expect(new Set(resources)).toEqual(inCluster);
    for (const f of resources) expect(yamlFiles).toContain(f);
  });

  it('grants no RBAC by default; the optional responder role is narrow', () => {
    const active = docs.filter(
      (d) => d.file !== 'rbac-response.yaml' && /Role(Binding)?$/.test(String(d.value.kind)),
    );
    expect(active).toEqual([]);
    expect(only('ServiceAccount').automountServiceAccountToken).toBe(false);
    const role = only('ClusterRole', 'rbac-response.yaml');
    for (const rule of arr(role.rules, 'responder rules')) {
      expect(strings(path(rule, 'apiGroups'), 'apiGroups')).toEqual(['batch']);
      for (const r of strings(path(rule, 'resources'), 'resources'))
        expect(['cronjobs', 'jobs']).toContain(r);
      for (const v of strings(path(rule, 'verbs'), 'verbs'))
        expect(['get', 'patch', 'delete']).toContain(v);
    }
  });

  it('namespace enforces Pod Security restricted', () => {
    const labels = obj(path(only('Namespace'), 'metadata', 'labels'), 'namespace labels');
    expect(path(only('Namespace'), 'metadata', 'name')).toBe(NAMESPACE);
    for (const mode of ['enforce', 'audit', 'warn'])
      expect(labels[`pod-security.kubernetes.io/${mode}`], mode).toBe('restricted');
  });
});

describe('deploy/deployment.yaml', () => {
  const deployment = only('Deployment');
  const pod = obj(path(deployment, 'spec', 'template', 'spec'), 'pod spec');
  const containers = arr(pod.containers, 'containers').map((c, i) => obj(c, `container ${i}`));
  const container = containers[0]!;
  const args = strings(container.args, 'args');
  const flagValue = (flag: string): string => {
    const i = args.indexOf(flag);
    expect(i, `${flag} in args`).toBeGreaterThan(-1);
    return str(args[i + 1], `${flag} value`);
  };

  it('runs one replica with the Recreate strategy (SQLite: one writer)', () => {
    expect(containers).toHaveLength(1);
    expect(path(deployment, 'spec', 'replicas')).toBe(1);
    expect(path(deployment, 'spec', 'strategy', 'type')).toBe('Recreate');
  });

  it('passes only flags `cronwarden serve` has, each with its value', () => {
    expect(serveFlags.size).toBeGreaterThan(8); // the regex still reads main.ts
    expect(args[0]).toBe('serve');
    for (let i = 1; i < args.length; i++) {
      const arg = args[i]!;
      const flag = arg.split('=')[0]!;
      expect(flag.startsWith('--'), `argument ${arg} is a flag`).toBe(true);
      expect([...serveFlags.keys()], `serve has ${flag}`).toContain(flag);
      if (serveFlags.get(flag) && !arg.includes('=')) i++; // skip its value
    }
    expect(flagValue('--listen')).toBe('0.0.0.0:8443');
    for (const f of ['--tls-cert', '--tls-key', '--client-ca', '--config', '--store'])
      expect(flagValue(f)).toMatch(/^\//);
    // The token comes from the environment, never the command line.
    expect(args).not.toContain('--audit-token');
    expect(args).not.toContain('--insecure-http');
  });

  it('sets only environment variables serve reads, the token from a Secret', () => {
    const env = arr(container.env, 'env').map((e) => obj(e, 'env entry'));
    const config = serveConfigSchema.parse(serveYaml());
    const sinkEnv = config.sinks.flatMap((s) => [
      ...('urlEnv' in s && s.urlEnv ? [s.urlEnv] : []),
      ...('hmac' in s && s.hmac?.secretEnv ? [s.hmac.secretEnv] : []),
    ]);
    const known = [...Object.values(SERVE_ENV), ...sinkEnv];
    for (const e of env) expect(known, `env ${String(e.name)}`).toContain(e.name);
    const token = env.find((e) => e.name === SERVE_ENV.auditToken);
    expect(path(token, 'valueFrom', 'secretKeyRef', 'name')).toBe('cronwarden-audit-token');
    expect(path(token, 'value')).toBeUndefined();
  });

  it('mounts every file the flags name, the TLS secret, client CA, config and the store PVC', () => {
    const mounts = arr(container.volumeMounts, 'volumeMounts').map((m) => obj(m, 'mount'));
    const volumes = arr(pod.volumes, 'volumes').map((v) => obj(v, 'volume'));
    const volume = (name: unknown) => volumes.find((v) => v.name === name);
    const mountFor = (file: string) =>
      mounts.find((m) => {
        const at = str(m.mountPath, 'mountPath');
        return file === at || file.startsWith(`${at}/`);
      });
    const expectations: [string, (v: Obj) => unknown][] = [
      [flagValue('--tls-cert'), (v) => path(v, 'secret', 'secretName') === 'cronwarden-tls'],
      [flagValue('--tls-key'), (v) => path(v, 'secret', 'secretName') === 'cronwarden-tls'],
      [flagValue('--client-ca'), (v) => path(v, 'secret', 'secretName') === 'cronwarden-client-ca'],
      [flagValue('--config'), (v) => path(v, 'configMap', 'name') === 'cronwarden-config'],
      [
        flagValue('--store'),
        (v) => path(v, 'persistentVolumeClaim', 'claimName') === 'cronwarden-data',
      ],
    ];
    for (const [file, check] of expectations) {
      const mount = mountFor(file);
      expect(mount, `a volume mount holding ${file}`).toBeDefined();
      const v = volume(mount!.name);
      expect(v && check(v), `${file} comes from the right volume`).toBe(true);
      if (!file.startsWith('/var/lib/')) expect(mount!.readOnly, `${file} read-only`).toBe(true);
    }
    // The ConfigMap's key is the file the flag names.
    const configMount = mountFor(flagValue('--config'))!;
    expect(configMount.subPath).toBe(flagValue('--config').split('/').pop());
    expect(Object.keys(obj(only('ConfigMap').data, 'data'))).toContain(configMount.subPath);
    // The PVC exists, ReadWriteOnce.
    const pvc = only('PersistentVolumeClaim');
    expect(path(pvc, 'metadata', 'name')).toBe('cronwarden-data');
    expect(path(pvc, 'spec', 'accessModes')).toEqual(['ReadWriteOnce']);
  });

  it('is restricted: non-root, read-only root, no escalation, no capabilities, seccomp', () => {
    expect(path(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(Number(path(pod, 'securityContext', 'runAsUser'))).toBeGreaterThan(0);
    expect(path(pod, 'securityContext', 'seccompProfile', 'type')).toBe('RuntimeDefault');
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) expect(pod[key]).toBeUndefined();
    for (const v of arr(pod.volumes, 'volumes')) expect(path(v, 'hostPath')).toBeUndefined();
    const sc = obj(container.securityContext, 'container securityContext');
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.privileged).toBeUndefined();
    expect(path(sc, 'capabilities', 'drop')).toEqual(['ALL']);
    expect(path(sc, 'capabilities', 'add')).toBeUndefined();
    expect(path(container, 'resources', 'requests')).toBeDefined();
    expect(path(container, 'resources', 'limits', 'memory')).toBeDefined();
  });

  it('probes routes the server has, on the port it listens on', () => {
    const listen = parseListen(flagValue('--listen'));
    expect(listen).not.toBeNull();
    const ports = arr(container.ports, 'ports').map((p) => obj(p, 'port'));
    const https = ports.find((p) => p.containerPort === listen!.port);
    expect(https, 'a containerPort equal to the listen port').toBeDefined();
    const probes: [string, string][] = [
      ['livenessProbe', '/healthz'],
      ['readinessProbe', '/readyz'],
    ];
    for (const [probe, route] of probes) {
      const get = obj(path(container, probe, 'httpGet'), probe);
      expect(get.path).toBe(route);
      expect(routes).toContain(`GET ${route}`);
      expect(get.scheme).toBe('HTTPS');
      expect([https!.name, https!.containerPort]).toContain(get.port);
    }
    const startup = path(container, 'startupProbe', 'httpGet', 'path');
    if (startup !== undefined) expect(routes).toContain(`GET ${String(startup)}`);
  });

  it('is reached through the Service on 443 → the container port', () => {
    const service = only('Service');
    expect(path(service, 'metadata', 'name')).toBe('cronwarden');
    const selector = obj(path(service, 'spec', 'selector'), 'selector');
    const labels = obj(path(deployment, 'spec', 'template', 'metadata', 'labels'), 'pod labels');
    for (const [k, v] of Object.entries(selector)) expect(labels[k]).toBe(v);
    const port = obj(path(service, 'spec', 'ports', 0), 'service port');
    expect(port.port).toBe(443);
    const target = arr(container.ports, 'ports').find(
      (p) => path(p, 'name') === port.targetPort || path(p, 'containerPort') === port.targetPort,
    );
    expect(path(target, 'containerPort')).toBe(parseListen(flagValue('--listen'))!.port);
  });

  it('network policy admits the API server and Prometheus to the listen port only', () => {
    const np = only('NetworkPolicy');
    const selector = obj(path(np, 'spec', 'podSelector', 'matchLabels'), 'podSelector');
    const labels = obj(path(deployment, 'spec', 'template', 'metadata', 'labels'), 'pod labels');
    for (const [k, v] of Object.entries(selector)) expect(labels[k]).toBe(v);
    expect(path(np, 'spec', 'policyTypes')).toEqual(['Ingress']);
    const ingress = arr(path(np, 'spec', 'ingress'), 'ingress');
    expect(ingress).toHaveLength(2);
    for (const rule of ingress)
      expect(path(rule, 'ports')).toEqual([
        { protocol: 'TCP', port: parseListen(flagValue('--listen'))!.port },
      ]);
    expect(path(ingress[0], 'from', 0, 'ipBlock', 'cidr')).toBeDefined();
    expect(path(ingress[1], 'from', 0, 'podSelector')).toBeDefined();
  });
});

function serveYaml(): unknown {
  const text = str(path(only('ConfigMap'), 'data', 'serve.yaml'), 'serve.yaml');
  const [d] = parseAllDocuments(text) as unknown as { toJS(): unknown; errors: unknown[] }[];
  expect(d!.errors).toEqual([]);
  return d!.toJS();
}

describe('deploy/config.yaml', () => {
  it('holds a serve config the schema accepts: warn, deny at high, sinks, retention', () => {
    const result = serveConfigSchema.safeParse(serveYaml());
    expect(result.error?.issues ?? []).toEqual([]);
    const config = result.data!;
    expect(config.admission).toEqual({ mode: 'warn', denySeverity: 'high' });
    expect(config.sinks.length).toBeGreaterThan(0);
    expect(config.retention?.maxAgeDays).toBeGreaterThan(0);
    // The token belongs in the Secret, TLS and the store next to their volumes.
    expect(config.auditToken).toBeUndefined();
    // Files the sinks write land on the store's volume (the root file system is read-only).
    for (const sink of config.sinks)
      if (sink.type === 'file') expect(sink.path).toMatch(/^\/var\/lib\/cronwarden\//);
  });
});

describe('deploy/validating-webhook.yaml', () => {
  const config = only('ValidatingWebhookConfiguration');
  const hooks = arr(config.webhooks, 'webhooks').map((w) => obj(w, 'webhook'));

  it('calls /admission/validate through the Service', () => {
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    expect(str(hook.name, 'name').split('.').length).toBeGreaterThanOrEqual(3);
    const service = obj(path(hook, 'clientConfig', 'service'), 'clientConfig.service');
    expect(routes).toContain(`POST ${String(service.path)}`);
    expect(service.path).toBe('/admission/validate');
    expect(service.name).toBe(path(only('Service'), 'metadata', 'name'));
    expect(service.namespace).toBe(NAMESPACE);
    expect(service.port).toBe(path(only('Service'), 'spec', 'ports', 0, 'port'));
    expect(path(hook, 'clientConfig', 'caBundle')).toBeDefined();
    expect(path(hook, 'clientConfig', 'url')).toBeUndefined();
  });

  it('has the settings cronwarden relies on', () => {
    const hook = hooks[0]!;
    expect(hook.admissionReviewVersions).toEqual(['v1']);
    expect(hook.sideEffects).toBe('NoneOnDryRun');
    expect(hook.matchPolicy).toBe('Equivalent');
    expect(hook.failurePolicy).toBe('Ignore');
    expect(Number(hook.timeoutSeconds)).toBeGreaterThanOrEqual(1);
    expect(Number(hook.timeoutSeconds)).toBeLessThanOrEqual(10);
  });

  it('covers create and update of every workload resource', () => {
    const rules = arr(hooks[0]!.rules, 'rules').map((r) => obj(r, 'rule'));
    for (const { group, resource } of WORKLOAD_RESOURCES) {
      const rule = rules.find(
        (r) =>
          strings(r.apiGroups, 'apiGroups').includes(group) &&
          strings(r.resources, 'resources').includes(resource),
      );
      expect(rule, `a rule for ${group || 'core'}/${resource}`).toBeDefined();
      expect(strings(rule!.operations, 'operations')).toEqual(
        expect.arrayContaining(['CREATE', 'UPDATE']),
      );
      expect(strings(rule!.operations, 'operations')).not.toContain('DELETE');
    }
  });

  it("excludes cronwarden's own namespace", () => {
    const expressions = arr(
      path(hooks[0], 'namespaceSelector', 'matchExpressions'),
      'matchExpressions',
    );
    expect(expressions).toContainEqual({
      key: 'kubernetes.io/metadata.name',
      operator: 'NotIn',
      values: expect.arrayContaining([NAMESPACE]),
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The audit policy, evaluated as the API server does: first matching rule wins.

interface Request {
  user?: string;
  groups?: string[];
  verb: string;
  group?: string;
  resource?: string;
  namespace?: string;
  url?: string;
}

const policy = only('Policy');
const policyRules = arr(policy.rules, 'policy rules').map((r) => obj(r, 'policy rule'));

function ruleMatches(rule: Obj, req: Request): boolean {
  if (rule.users && !strings(rule.users, 'users').includes(req.user ?? '')) return false;
  if (rule.userGroups) {
    const groups = strings(rule.userGroups, 'userGroups');
    if (!(req.groups ?? []).some((g) => groups.includes(g))) return false;
  }
  if (rule.verbs && !strings(rule.verbs, 'verbs').includes(req.verb)) return false;
  if (rule.namespaces && !strings(rule.namespaces, 'namespaces').includes(req.namespace ?? ''))
    return false;
  if (req.url !== undefined) {
    // A non-resource request matches only rules without resources.
    if (rule.resources) return false;
    if (!rule.nonResourceURLs) return true;
    return strings(rule.nonResourceURLs, 'nonResourceURLs').some((u) =>
      u.endsWith('*') ? req.url!.startsWith(u.slice(0, -1)) : req.url === u,
    );
  }
  if (rule.nonResourceURLs) return false;
  if (!rule.resources) return true;
  return arr(rule.resources, 'resources').some((r) => {
    const g = obj(r, 'resource group');
    if ((g.group ?? '') !== (req.group ?? '')) return false;
    if (!g.resources) return true;
    const [resource, sub] = (req.resource ?? '').split('/');
    return strings(g.resources, 'resources').some(
      (name) =>
        name === req.resource ||
        name === '*' ||
        (sub !== undefined && (name === `${resource}/*` || name === `*/${sub}`)),
    );
  });
}

function levelFor(req: Request): string {
  const rule = policyRules.find((r) => ruleMatches(r, req));
  return rule ? str(rule.level, 'level') : 'None';
}

const user = { user: 'alice@example.com', groups: ['system:authenticated'] };

describe('deploy/audit-policy.yaml', () => {
  it('omits RequestReceived', () => {
    expect(strings(policy.omitStages, 'omitStages')).toContain('RequestReceived');
  });

  it('logs workload writes at RequestResponse: batch, apps, core pods', () => {
    for (const { group, resource } of WORKLOAD_RESOURCES)
      for (const verb of ['create', 'update', 'patch'])
        expect(levelFor({ ...user, verb, group, resource }), `${verb} ${resource}`).toBe(
          'RequestResponse',
        );
    // Controllers writing the pods of a flagged CronJob are linked as follow-ups: logged too.
    expect(
      levelFor({
        user: 'system:serviceaccount:kube-system:job-controller',
        groups: ['system:serviceaccounts'],
        verb: 'create',
        resource: 'pods',
      }),
    ).toBe('RequestResponse');
  });

  it('never logs a body of secrets, configmaps or tokens', () => {
    const sensitive: Request[] = [
      { verb: 'create', resource: 'secrets' },
      { verb: 'update', resource: 'secrets' },
      { verb: 'patch', resource: 'secrets' },
      { verb: 'get', resource: 'secrets' },
      { verb: 'list', resource: 'secrets' },
      { verb: 'create', resource: 'configmaps' },
      { verb: 'create', resource: 'serviceaccounts/token' },
      { verb: 'create', group: 'authentication.k8s.io', resource: 'tokenreviews' },
    ];
    for (const req of sensitive) {
      // Metadata: who read or wrote them stays visible (secrets enumeration rule).
      expect(levelFor({ ...user, ...req }), `${req.verb} ${req.resource}`).toBe('Metadata');
      expect(levelFor({ ...user, namespace: 'kube-system', ...req })).toBe('Metadata');
    }
  });

  it('logs RBAC bindings with their bodies (roleRef)', () => {
    for (const resource of ['rolebindings', 'clusterrolebindings'])
      expect(['Request', 'RequestResponse']).toContain(
        levelFor({ ...user, verb: 'create', group: 'rbac.authorization.k8s.io', resource }),
      );
  });

  it('logs everything the rules read at Metadata at least', () => {
    const metadata: Request[] = [
      { verb: 'get', resource: 'pods/exec', namespace: 'kube-system' },
      { verb: 'create', resource: 'pods/attach' },
      { verb: 'delete', resource: 'cronjobs', group: 'batch' },
      { verb: 'list', resource: 'cronjobs', group: 'batch' },
      { verb: 'delete', resource: 'events' },
      { verb: 'deletecollection', resource: 'events' },
      { verb: 'delete', group: 'events.k8s.io', resource: 'events' },
      { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectrulesreviews' },
      { verb: 'get', resource: 'namespaces' },
      { verb: 'create', resource: 'services' },
      { verb: 'get', url: '/api/v1' },
    ];
    for (const req of metadata)
      expect(levelFor({ ...user, ...req }), `${req.verb} ${req.resource ?? req.url}`).not.toBe(
        'None',
      );
    // Anonymous requests other than health checks (anonymous_request_allowed).
    expect(
      levelFor({
        user: 'system:anonymous',
        groups: ['system:unauthenticated'],
        verb: 'get',
        url: '/api/v1/namespaces',
      }),
    ).toBe('Metadata');
    // Webhook configurations: tampering with cronwarden's own webhook.
    expect(
      levelFor({
        ...user,
        verb: 'patch',
        group: 'admissionregistration.k8s.io',
        resource: 'validatingwebhookconfigurations',
      }),
    ).toBe('RequestResponse');
  });

  it('drops read-only system noise, and only that', () => {
    const none: Request[] = [
      { verb: 'get', url: '/healthz' },
      { verb: 'get', url: '/livez/etcd' },
      { verb: 'get', url: '/readyz' },
      { verb: 'create', resource: 'events' },
      { verb: 'update', group: 'coordination.k8s.io', resource: 'leases' },
    ];
    for (const req of none) expect(levelFor({ ...user, ...req })).toBe('None');
    expect(
      levelFor({
        user: 'system:node:n1',
        groups: ['system:nodes'],
        verb: 'get',
        resource: 'nodes',
      }),
    ).toBe('None');
    // Reads of workloads: no body, but logged.
    expect(levelFor({ ...user, verb: 'list', resource: 'pods' })).toBe('Metadata');
    // The catch-all is last and Metadata.
    const last = policyRules[policyRules.length - 1]!;
    expect(last).toEqual({ level: 'Metadata' });
  });
});

describe('API server side files', () => {
  const kubeconfigs = docs.filter((d) => d.value.kind === 'Config');

  it('audit webhook kubeconfig posts to /audit/webhook over HTTPS with a credential', () => {
    const audit = kubeconfigs.find((d) => d.file === 'audit-webhook-kubeconfig.yaml');
    expect(audit).toBeDefined();
    const cluster = obj(path(audit!.value, 'clusters', 0, 'cluster'), 'cluster');
    const server = new URL(str(cluster.server, 'server'));
    expect(server.protocol).toBe('https:');
    expect(routes).toContain(`POST ${server.pathname}`);
    expect(server.pathname).toBe('/audit/webhook');
    expect(server.port === '' ? 443 : Number(server.port)).toBe(
      path(only('Service'), 'spec', 'ports', 0, 'port'),
    );
    expect(cluster['tls-server-name']).toBe(`cronwarden.${NAMESPACE}.svc`);
    expect(cluster['certificate-authority']).toBeDefined();
    expect(cluster['insecure-skip-tls-verify']).toBeUndefined();
    const u = obj(path(audit!.value, 'users', 0, 'user'), 'user');
    expect(u.token !== undefined || u['client-certificate'] !== undefined).toBe(true);
  });

  it('admission kubeconfig names the webhook Service so the API server presents its cert', () => {
    const admission = only('AdmissionConfiguration');
    const plugin = arr(admission.plugins, 'plugins').find(
      (p) => path(p, 'name') === 'ValidatingAdmissionWebhook',
    );
    const file = str(path(plugin, 'configuration', 'kubeConfigFile'), 'kubeConfigFile');
    const named = kubeconfigs.find((d) => file.endsWith(`/${d.file}`));
    expect(named, `${file} is in deploy/`).toBeDefined();
    const users = arr(named!.value.users, 'users').map((u) => path(u, 'name'));
    expect(users).toContain(`cronwarden.${NAMESPACE}.svc`);
  });

  it('docs/deploy.md names every file and flag it tells people to use', () => {
    const doc = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
    for (const f of yamlFiles) expect(doc, `docs/deploy.md mentions ${f}`).toContain(f);
    for (const flag of [
      '--audit-policy-file',
      '--audit-webhook-config-file',
      '--audit-webhook-mode=batch',
      '--admission-control-config-file',
    ])
      expect(doc).toContain(flag);
    // Every `cronwarden serve --flag` the doc shows exists.
    for (const m of doc.matchAll(/cronwarden serve((?: +(?:--?[\w-]+|[^\s`-][^\s`]*))*)/g))
      for (const flag of m[1]!.match(/--[\w-]+/g) ?? [])
        expect([...serveFlags.keys()], `docs: serve ${flag}`).toContain(flag);
  });
});
