/**
 * Golden conformance cases for the Sigma engine (docs/rules.md is the contract).
 *
 * Every `*.yml` file next to this one is a YAML list of cases:
 *   { name, rule, events?: [{ event, match, evidence? }], error?, errorLine?, errorColumn?,
 *     notices?, warnings? }
 * `rule` is the text of one rules file (one or more YAML documents). For match cases the engine
 * (`ruleSet.test`) must give the expected answer, and the reference evaluator
 * (test/reference/evaluator.ts) must agree with the engine rule by rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Evidence } from '../../src/sigma/api.js';
import { RuleLoadFailure } from '../../src/sigma/api.js';
import { loadRulePaths, loadRuleSources } from '../../src/sigma/index.js';
import { referenceMatch } from '../reference/evaluator.js';

interface EventCase {
  event: unknown;
  match: boolean;
  evidence?: Partial<Evidence>[];
}

interface Case {
  name: string;
  rule: string;
  events?: EventCase[];
  error?: string;
  errorLine?: number;
  errorColumn?: number;
  notices?: string[];
  warnings?: string[];
  /** Number of rules expected to load (defaults to "at least one" for match cases). */
  rules?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.yml'))
  .sort();

function fileName(caseName: string): string {
  return `${caseName.replace(/[^A-Za-z0-9_.-]+/g, '_')}.yml`;
}

for (const file of files) {
  const cases = parse(readFileSync(join(here, file), 'utf8')) as Case[];
  describe(file, () => {
    const seen = new Set<string>();
    for (const c of cases) {
      if (seen.has(c.name)) throw new Error(`${file}: duplicate case name ${c.name}`);
      seen.add(c.name);
      it(c.name, () => runCase(c));
    }
  });
}

function runCase(c: Case): void {
  const source = fileName(c.name);
  const load = loadRuleSources([{ file: source, text: c.rule }]);
  const diags = load.diagnostics;
  const describeDiags = (): string =>
    diags.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n');

  if (c.error !== undefined) {
    const hit = diags.filter((d) => d.code === c.error);
    expect(hit.length, `expected ${c.error}, got:\n${describeDiags()}`).toBeGreaterThan(0);
    const first = hit[0]!;
    expect(first.severity).toBe('error');
    expect(first.file).toBe(source);
    if (c.errorLine !== undefined) {
      expect(
        hit.map((d) => d.line),
        `line of ${c.error}:\n${describeDiags()}`,
      ).toContain(c.errorLine);
    }
    if (c.errorColumn !== undefined) {
      const onLine = hit.filter((d) => c.errorLine === undefined || d.line === c.errorLine);
      expect(
        onLine.map((d) => d.column),
        `column of ${c.error}:\n${describeDiags()}`,
      ).toContain(c.errorColumn);
    }
  } else {
    const errors = diags.filter((d) => d.severity === 'error');
    expect(errors, `unexpected errors:\n${describeDiags()}`).toEqual([]);
  }
  for (const code of c.notices ?? []) {
    expect(
      diags.some((d) => d.code === code && d.severity === 'notice'),
      `expected notice ${code}:\n${describeDiags()}`,
    ).toBe(true);
  }
  for (const code of c.warnings ?? []) {
    expect(
      diags.some((d) => d.code === code && d.severity === 'warning'),
      `expected warning ${code}:\n${describeDiags()}`,
    ).toBe(true);
  }
  if (c.rules !== undefined) expect(load.rules.length).toBe(c.rules);
  else if (c.events !== undefined && c.error === undefined)
    expect(load.rules.length).toBeGreaterThan(0);
  expect(load.ruleSet.rules.length).toBe(load.rules.length);

  (c.events ?? []).forEach((ev, n) => {
    const label = `event #${n} ${JSON.stringify(ev.event)}`;
    const hits = load.ruleSet.test(ev.event);
    expect(hits.length > 0, `engine on ${label}`).toBe(ev.match);
    const reference = load.rules
      .map((rule, i) => (referenceMatch(rule, load.ruleSet.filtersFor(i), ev.event) ? i : -1))
      .filter((i) => i >= 0);
    expect(hits, `engine vs reference on ${label}`).toEqual(reference);
    expect(reference.length > 0, `reference on ${label}`).toBe(ev.match);

    const matches = load.ruleSet.match(ev.event);
    expect(
      matches.map((m) => load.rules.indexOf(m.rule)),
      `match() vs test() on ${label}`,
    ).toEqual(hits);
    if (ev.evidence !== undefined) {
      const evidence = matches.flatMap((m) => m.evidence);
      for (const want of ev.evidence) {
        expect(evidence, `evidence on ${label}`).toContainEqual(expect.objectContaining(want));
      }
    }
  });
}

describe('loading', () => {
  it('a path that cannot be read is E_IO', () => {
    const load = loadRulePaths([join(here, 'does-not-exist.yml')]);
    expect(load.diagnostics.map((d) => d.code)).toContain('E_IO');
    expect(load.rules).toEqual([]);
  });

  it('strict mode turns an error into RuleLoadFailure', () => {
    const text =
      'title: t\nlogsource: {product: k}\ndetection:\n  s: {a|nope: 1}\n  condition: s\n';
    expect(() => loadRuleSources([{ file: 'strict.yml', text }], { strict: true })).toThrow(
      RuleLoadFailure,
    );
    const lenient = loadRuleSources([{ file: 'strict.yml', text }]);
    expect(lenient.diagnostics.map((d) => d.code)).toEqual(['E_UNKNOWN_MODIFIER']);
  });
});
