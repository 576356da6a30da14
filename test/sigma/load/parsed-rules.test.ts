import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  compileRules,
  loadRulePaths,
  loadRuleSources,
  parseRulePaths,
  parseRuleSources,
  RuleLoadFailure,
  type RuleLoad,
} from '../../../src/sigma/index.js';

/**
 * Scan workers compile rules the main thread parsed, after a structured clone (workerData):
 * that must give what loading the files gives, rules, diagnostics and matches alike.
 */
function expectSameLoad(cloned: RuleLoad, direct: RuleLoad, events: unknown[]): void {
  expect(cloned.diagnostics).toEqual(direct.diagnostics);
  expect(cloned.rules).toEqual(direct.rules);
  expect(cloned.filters).toEqual(direct.filters);
  expect(cloned.correlations).toEqual(direct.correlations);
  expect(cloned.ruleSet.witnesses()).toEqual(direct.ruleSet.witnesses());
  for (const e of events) expect(cloned.ruleSet.match(e)).toEqual(direct.ruleSet.match(e));
}

interface Case {
  name: string;
  rule: string;
  events?: { event: unknown }[];
}

const CONFORMANCE = 'test/conformance';

describe('parsed rules, compiled after a structured clone', () => {
  it('match the built-in pack loaded from disk, with an unreadable path reported first', () => {
    const paths = ['rules', 'no-such-rules-dir'];
    const events = readFileSync('test/fixtures/audit/cluster-sample.jsonl', 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
    const direct = loadRulePaths(paths);
    expect(direct.diagnostics[0]).toMatchObject({ code: 'E_IO', file: 'no-such-rules-dir' });
    expectSameLoad(compileRules(structuredClone(parseRulePaths(paths))), direct, events);
  });

  it('match every conformance case: errors, filters, collections and correlations', () => {
    let cases = 0;
    for (const file of readdirSync(CONFORMANCE).filter((f) => f.endsWith('.yml'))) {
      for (const c of parse(readFileSync(join(CONFORMANCE, file), 'utf8')) as Case[]) {
        const sources = [{ file: `${c.name}.yml`, text: c.rule }];
        const events = (c.events ?? []).map((e) => e.event);
        const cloned = compileRules(structuredClone(parseRuleSources(sources)));
        expectSameLoad(cloned, loadRuleSources(sources), events);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(100);
  });

  it('fail in strict mode like loading does, and leave the parsed rules as they were', () => {
    const sources = [{ file: 'bad.yml', text: 'title: t\nlogsource: {}\ndetection: x\n' }];
    const parsed = parseRuleSources(sources);
    const before = structuredClone(parsed);
    expect(() => compileRules(parsed, { strict: true })).toThrow(RuleLoadFailure);
    expect(() => loadRuleSources(sources, { strict: true })).toThrow(RuleLoadFailure);
    expect(compileRules(parsed).diagnostics).toEqual(loadRuleSources(sources).diagnostics);
    expect(parsed).toEqual(before);
  });
});
