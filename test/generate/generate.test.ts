import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  defaultOptions,
  generateAuditLog,
  memorySink,
  type GenerateOptions,
} from '../../src/generate/index.js';
import { readAuditStream } from '../../src/source/read-audit.js';

async function generate(options: Partial<GenerateOptions>) {
  const sink = memorySink();
  const summary = await generateAuditLog({ ...defaultOptions(), ...options }, sink);
  return { summary, bytes: sink.buffer() };
}

const MB = 1_000_000;
const background = await generate({ size: 6 * MB, attacks: [], seed: 'mix' });
const lines = background.bytes.toString('utf8').split('\n').slice(0, -1);
const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('generateAuditLog', () => {
  it('writes the same bytes for the same seed and options, other bytes for another seed', async () => {
    const a = await generate({ size: MB, seed: 'same' });
    const b = await generate({ size: MB, seed: 'same' });
    const c = await generate({ size: MB, seed: 'other' });
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.summary).toEqual(b.summary);
    expect(a.bytes.equals(c.bytes)).toBe(false);
  });

  it('stops at the first line boundary at or after the size', () => {
    const { bytes, summary } = background;
    expect(summary.bytes).toBe(bytes.length);
    expect(bytes.length).toBeGreaterThanOrEqual(6 * MB);
    const last = Buffer.byteLength(`${lines.at(-1)}\n`);
    expect(bytes.length - last).toBeLessThan(6 * MB);
    expect(bytes.at(-1)).toBe(0x0a);
    expect(summary.lines).toBe(lines.length);
  });

  it('holds the mix it was asked for, by lines', () => {
    const { mix } = background.summary;
    expect(mix.reads.share).toBeCloseTo(0.6, 1);
    expect(mix.leases.share).toBeCloseTo(0.2, 1);
    for (const [name, share] of [
      ['events', 0.08],
      ['workloads', 0.035],
      ['other', 0.085],
    ] as const)
      expect(Math.abs(mix[name].share - share)).toBeLessThan(0.012);
    expect(mix.attacks.lines).toBe(0);
    const reads = events.filter(
      (e) => ['get', 'list', 'watch'].includes(String(e.verb)) && e.level === 'Metadata',
    );
    expect(reads.length / events.length).toBeGreaterThan(0.55);
    expect(background.summary.averageLineBytes).toBeGreaterThan(1_000);
    expect(background.summary.averageLineBytes).toBeLessThan(1_600);
  });

  it('writes every line as Go encodes it: valid JSON, no raw <, > or &', () => {
    expect(events).toHaveLength(lines.length);
    for (const line of lines) expect(line).not.toMatch(/[<>&]/);
    expect(lines.some((l) => l.includes('?limit=500\\u0026resourceVersion=0'))).toBe(true);
  });

  it('writes ConfigMap and CRD updates over 70 KB, escaped like the rest', async () => {
    const { bytes, summary } = await generate({ size: 3 * MB, attacks: [], bigEvery: 100 });
    const big = bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 70_000);
    expect(big.length).toBe(summary.linesOver70KB);
    const resources = new Set(big.map((l) => JSON.parse(l).objectRef.resource));
    expect(resources).toEqual(new Set(['configmaps', 'customresourcedefinitions']));
    const dashboard = big.find((l) => l.includes('"configmaps"'))!;
    expect(dashboard).toContain(') \\u003e 0');
    expect(JSON.stringify(JSON.parse(dashboard).requestObject.data)).toContain(') > 0');
  });

  it('logs stages in time order, with microsecond timestamps', () => {
    let previous = '';
    for (const e of events) {
      const stage = String(e.stageTimestamp);
      expect(stage).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(String(e.requestReceivedTimestamp) <= stage).toBe(true);
      expect(stage >= previous).toBe(true);
      previous = stage;
    }
    const stages = new Set(events.map((e) => e.stage));
    expect(stages).toEqual(new Set(['RequestReceived', 'ResponseStarted', 'ResponseComplete']));
    const watch = events.find((e) => e.stage === 'ResponseStarted')!;
    expect(watch.verb).toBe('watch');
  });

  it('keeps requestURI and objectRef consistent and a request to one auditID', () => {
    const stagesOf = new Map<string, string[]>();
    for (const e of events) {
      const ref = e.objectRef as Record<string, string> | undefined;
      const path = String(e.requestURI).split('?')[0]!.split('/');
      if (ref) {
        expect(path).toContain(ref.resource);
        if (ref.namespace) expect(path).toContain(ref.namespace);
        if (ref.subresource) expect(path.at(-1)).toBe(ref.subresource);
        if (ref.name && !['create', 'list', 'watch'].includes(String(e.verb)))
          expect(path).toContain(ref.name);
      }
      const id = String(e.auditID);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      stagesOf.set(id, [...(stagesOf.get(id) ?? []), String(e.stage)]);
    }
    for (const stages of stagesOf.values()) expect(new Set(stages).size).toBe(stages.length);
  });

  it('has controller pod creates with full bodies, kubelet status patches and big writes', () => {
    const podCreates = events.filter(
      (e) =>
        e.verb === 'create' &&
        e.stage === 'ResponseComplete' &&
        (e.objectRef as { resource?: string }).resource === 'pods' &&
        e.level === 'RequestResponse',
    );
    expect(podCreates.length).toBeGreaterThan(20);
    const users = new Set(podCreates.map((e) => (e.user as { username: string }).username));
    expect([...users].some((u) => u.endsWith(':replicaset-controller'))).toBe(true);
    expect([...users].some((u) => u.endsWith(':daemon-set-controller'))).toBe(true);
    const pod = podCreates[0]!.responseObject as {
      metadata: { managedFields: unknown[] };
      spec: { tolerations: unknown[] };
    };
    expect(pod.metadata.managedFields.length).toBeGreaterThan(0);
    expect(pod.spec.tolerations.length).toBeGreaterThan(0);
    const statusPatch = events.find(
      (e) =>
        (e.objectRef as { subresource?: string })?.subresource === 'status' && e.verb === 'patch',
    );
    expect((statusPatch!.user as { username: string }).username).toMatch(/^system:node:/);
    expect(background.summary.linesOver70KB).toBeGreaterThan(0);
  });

  it('is read back by the project reader without a single problem', async () => {
    let decoded = 0;
    for await (const item of readAuditStream(Readable.from([background.bytes]), 'generated')) {
      expect(item.kind).not.toBe('problem');
      if (item.kind === 'event') decoded++;
    }
    expect(decoded).toBe(lines.length);
  });
});
