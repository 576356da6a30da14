import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, type Network } from '../../../src/sigma/modifiers/cidr.js';
import { loadRuleSources, type Witness } from '../../../src/sigma/index.js';

function rule(condition: string, detection: string): string {
  return `title: t
id: 11111111-1111-4111-8111-111111111111
logsource: {product: kubernetes, service: audit}
detection:
${detection}
  condition: ${condition}
level: low
`;
}

const DETECTION = `  sel:
    user.username|startswith: 'system:serviceaccount:'
  private:
    sourceIPs|cidr: ['10.0.0.0/8', 'fc00::/7']
  loopback:
    sourceIPs|cidr: '127.0.0.0/8'
  agent:
    userAgent|contains: 'kubectl'
  noagent:
    userAgent:
      - null
      - 'curl*'`;

function witnessOf(condition: string): Witness {
  const load = loadRuleSources([{ file: 'r.yml', text: rule(condition, DETECTION) }], {
    strict: true,
  });
  return load.ruleSet.witnesses()[0]!;
}

/** What a witness claims of an event, read the way the prefilter reads it. */
function holds(
  w: Witness,
  e: { user: { username: string }; sourceIPs?: unknown; userAgent?: string },
): boolean {
  switch (w.kind) {
    case 'any':
      return true;
    case 'none':
      return false;
    case 'and':
      return w.of.every((x) => holds(x, e));
    case 'or':
      return w.of.some((x) => holds(x, e));
    case 'field': {
      if (w.orAbsent && absentOrNull(w.field, e)) return true;
      if (w.field === 'sourceIPs') return leavesOf(e.sourceIPs).length > 0;
      const value = w.field === 'user.username' ? e.user.username : e.userAgent;
      if (value === undefined) return false;
      const text = w.cased ? value : value.toLowerCase();
      return w.literals === null || w.literals.some((l) => text.includes(l));
    }
    case 'outside': {
      return !leavesOf(e.sourceIPs).some(
        (l) => typeof l === 'string' && w.networks.some((n: Network) => cidrContains(n, l)),
      );
    }
  }
}

function absentOrNull(field: string, e: Parameters<typeof holds>[1]): boolean {
  const value =
    field === 'sourceIPs' ? e.sourceIPs : field === 'userAgent' ? e.userAgent : e.user.username;
  return (
    value === undefined ||
    value === null ||
    (Array.isArray(value) && (value.length === 0 || value.includes(null)))
  );
}

function leavesOf(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

describe('witnesses of negated CIDR filters', () => {
  it('turns `not <cidr>` into an outside condition', () => {
    expect(witnessOf('sel and not private')).toMatchObject({
      kind: 'and',
      of: expect.arrayContaining([
        {
          kind: 'field',
          field: 'user.username',
          literals: ['system:serviceaccount:'],
          cased: false,
        },
        { kind: 'outside', field: 'sourceIPs', networks: expect.any(Array) },
      ]),
    });
  });

  it('negates ORs and ANDs of CIDR filters, and gives up on anything else', () => {
    const both = witnessOf('sel and not (private or loopback)');
    expect(both.kind).toBe('and');
    expect(
      (both as { of: readonly Witness[] }).of.filter((w) => w.kind === 'outside'),
    ).toHaveLength(2);
    expect(witnessOf('sel and not (private and loopback)')).toMatchObject({
      kind: 'and',
      of: expect.arrayContaining([{ kind: 'or', of: expect.any(Array) }]),
    });
    // Only a proof of every part of an AND says the AND matched.
    expect(witnessOf('sel and not (private and agent)')).toMatchObject({ kind: 'field' });
    expect(witnessOf('sel and not not private')).toMatchObject({ kind: 'field' });
  });

  it('is a necessary condition for every condition shape and event', () => {
    const ids = ['sel', 'private', 'loopback', 'agent', 'noagent'];
    const condition: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? fc.constantFrom(...ids)
        : fc.oneof(
            fc.constantFrom(...ids),
            condition(depth - 1).map((c) => `not (${c})`),
            fc
              .tuple(condition(depth - 1), condition(depth - 1))
              .map(([a, b]) => `(${a}) and (${b})`),
            fc
              .tuple(condition(depth - 1), condition(depth - 1))
              .map(([a, b]) => `(${a}) or (${b})`),
          ),
    );
    const ip = fc.constantFrom('10.1.1.1', 'fd00::1', '127.0.0.1', '8.8.8.8', 'x', '');
    const event = fc.record({
      user: fc.record({ username: fc.constantFrom('system:serviceaccount:a:b', 'alice') }),
      sourceIPs: fc.oneof(
        fc.array(ip, { maxLength: 3 }),
        ip,
        fc.constant(undefined),
        fc.constant(7),
      ),
      userAgent: fc.constantFrom('kubectl/v1.30', 'curl/8', undefined),
    });
    fc.assert(
      fc.property(condition(4), fc.array(event, { minLength: 1, maxLength: 8 }), (c, events) => {
        const load = loadRuleSources([{ file: 'r.yml', text: rule(c, DETECTION) }], {
          strict: true,
        });
        const w = load.ruleSet.witnesses()[0]!;
        for (const e of events) {
          const doc = JSON.parse(JSON.stringify(e)) as Parameters<typeof holds>[1];
          if (load.ruleSet.test(doc).length > 0)
            expect(holds(w, doc), `${c} ${JSON.stringify(doc)}`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
