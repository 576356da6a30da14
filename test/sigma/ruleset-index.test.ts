import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRulePaths, loadRuleSources, type RuleSource } from '../../src/sigma/index.js';

/**
 * The candidate-rule index only decides which rules to evaluate; it must never change a result.
 * This compares the indexed rule set with a plain one that evaluates every rule on every event.
 */
const RULES = ['rules'];
const indexed = loadRulePaths(RULES, { index: true });
const plain = loadRulePaths(RULES, { index: false });

function fixtureEvents(): unknown[] {
  const events: unknown[] = readFileSync('test/fixtures/audit/cluster-sample.jsonl', 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
  const dir = 'test/fixtures/rule-examples';
  for (const f of readdirSync(dir)) {
    const doc = parse(readFileSync(join(dir, f), 'utf8')) as {
      match?: unknown[];
      nomatch?: unknown[];
    };
    events.push(...(doc.match ?? []), ...(doc.nomatch ?? []));
  }
  return events;
}

describe('candidate-rule index', () => {
  const events = fixtureEvents();

  it('gives the same matches as evaluating every rule, on every fixture event', () => {
    expect(events.length).toBeGreaterThan(50);
    for (const e of events) expect(indexed.ruleSet.test(e)).toEqual(plain.ruleSet.test(e));
  });

  it('gives the same matches on fixture events with verbs, resources and users swapped', () => {
    const verbs = [
      'create',
      'CREATE',
      'update',
      'patch',
      'delete',
      'get',
      'list',
      'deletecollection',
      42,
      null,
    ];
    const resources = [
      'cronjobs',
      'Jobs',
      'pods',
      'secrets',
      'clusterrolebindings',
      'events',
      ['jobs', 'pods'],
    ];
    const users = [
      'system:anonymous',
      'alice',
      'system:serviceaccount:kube-system:cronjob-controller',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...events),
        fc.constantFrom(...verbs),
        fc.constantFrom(...resources),
        fc.constantFrom(...users),
        (base, verb, resource, username) => {
          const e = structuredClone(base) as Record<string, unknown>;
          e['verb'] = verb;
          e['objectRef'] = { ...((e['objectRef'] as object) ?? {}), resource };
          e['user'] = { ...((e['user'] as object) ?? {}), username };
          expect(indexed.ruleSet.test(e)).toEqual(plain.ruleSet.test(e));
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('candidate index over the whole conformance suite at once', () => {
  interface Case {
    name: string;
    rule?: string;
    events?: { event: unknown }[];
  }
  const dir = 'test/conformance';
  const cases: Case[] = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => parse(readFileSync(join(dir, f), 'utf8')) as Case[]);
  // Ids are dropped so that cases reusing one id all load into the same rule set.
  const sources: RuleSource[] = cases
    .filter((c) => typeof c.rule === 'string')
    .map((c, i) => ({ file: `case-${i}.yml`, text: c.rule!.replace(/^id: .*$/gm, '') }));
  const indexedAll = loadRuleSources(sources, { index: true });
  const plainAll = loadRuleSources(sources, { index: false });
  const allEvents = [
    ...cases.flatMap((c) => (c.events ?? []).map((e) => e.event)),
    ...fixtureEvents(),
  ];

  it('loads hundreds of rules of every shape', () => {
    expect(indexedAll.rules.length).toBeGreaterThan(200);
  });

  it('gives the same matches as evaluating every rule on every event', () => {
    for (const e of allEvents) expect(indexedAll.ruleSet.test(e)).toEqual(plainAll.ruleSet.test(e));
  });
});
