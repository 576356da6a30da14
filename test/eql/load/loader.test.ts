import { join } from 'node:path';
import { tempFiles } from '../../helpers/temp-files.js';
import { yamlAliasBomb } from '../../helpers/hostile-yaml.js';
import { elasticRuleToml } from '../../helpers/elastic-rule.js';
import { describe, expect, it } from 'vitest';
import { REFERENCE_EQL_QUERY } from '../../../src/cli/builtin.js';
import { formatEqlDiagnostic, loadEqlPaths } from '../../../src/eql/load/index.js';

const { dir, file } = tempFiles('cw-eql-load-');
/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

const TOML = `[metadata]
creation_date = "2026/11/01"

${elasticRuleToml({
  name: 'CronJob with shell payload',
  ruleId: '5f0c1a8e-0d7b-4c3e-9a51-2b7f4f1e9c11',
  severity: 'high',
  extra: 'description = "CronJob created with a shell payload"\n',
  query:
    'any where kubernetes.audit.objectRef.resource == "cronjobs" and\n  kubernetes.audit.verb == "create"',
  tactic: { id: 'TA0003', name: 'Persistence' },
})}`;

describe('loadEqlPaths', () => {
  it('loads a bare .eql file with defaults named after the file', () => {
    const path = file('bare/jobs.eql', 'any where kubernetes.audit.objectRef.resource == "jobs"\n');
    const { queries, diagnostics } = loadEqlPaths([path], ['elastic']);
    expect(diagnostics).toEqual([]);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.meta).toEqual({
      id: 'jobs',
      name: 'jobs',
      severity: 'medium',
      tags: [],
      file: path,
      line: 1,
    });
    expect(queries[0]!.compiled.type).toBe('event');
  });

  it('reads an Elastic detection-rules TOML file: id, name, severity, ATT&CK tags, query line', () => {
    const path = file('toml/rule.toml', TOML);
    const { queries, diagnostics } = loadEqlPaths([path], ['elastic', 'search']);
    expect(diagnostics).toEqual([]);
    expect(queries.map((q) => q.dialect)).toEqual(['elastic', 'search']);
    expect(queries[0]!.meta).toEqual({
      id: '5f0c1a8e-0d7b-4c3e-9a51-2b7f4f1e9c11',
      name: 'CronJob with shell payload',
      severity: 'high',
      tags: ['attack.t1053', 'attack.t1053.007', 'attack.persistence'],
      description: 'CronJob created with a shell payload',
      file: path,
      line: 12,
    });
  });

  it('skips a TOML rule in another language with a notice', () => {
    const path = file('toml/kql.toml', TOML.replace('language = "eql"', 'language = "kuery"'));
    const { queries, diagnostics } = loadEqlPaths([path], ['elastic']);
    expect(queries).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'notice', code: 'N_EQL_NOT_EQL' }),
    ]);
  });

  it('maps a syntax error inside a YAML block to the file line and column', () => {
    const text =
      'name: Broken\nseverity: low\nquery: |\n  any where\n    kubernetes.audit.verb == )\n';
    const path = file('yaml/broken.yaml', text);
    const { queries, diagnostics } = loadEqlPaths([path], ['elastic']);
    expect(queries).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'E_EQL_SYNTAX',
      queryId: 'broken',
      ...positionOf(text, ')'),
    });
    expect(formatEqlDiagnostic(diagnostics[0]!)).toMatch(
      /broken\.yaml:5:30: error E_EQL_SYNTAX \[broken, elastic dialect\]: /,
    );
  });

  it('maps a syntax error in a TOML query to the file', () => {
    const text = TOML.replace('"create"', '"create" and )');
    const path = file('toml/broken.toml', text);
    const { diagnostics } = loadEqlPaths([path], ['elastic']);
    expect(diagnostics[0]).toMatchObject({ code: 'E_EQL_SYNTAX', ...positionOf(text, ')') });
  });

  it('reports wrapper problems with their position and keeps loading other files', () => {
    const noQuery = file('mixed/a-no-query.yaml', 'name: No query\nseverity: high\n');
    const badSeverity = file(
      'mixed/b-severity.yml',
      'name: X\nseverity: urgent\nquery: any where true\n',
    );
    const badYaml = file('mixed/c-bad.yaml', 'name: [\n');
    file('mixed/d-good.eql', 'any where true');
    file('mixed/README.md', 'not a query');
    const { queries, diagnostics } = loadEqlPaths([join(dir, 'mixed')], ['elastic']);
    expect(queries.map((q) => q.meta.id)).toEqual(['d-good']);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: noQuery,
        code: 'E_EQL_METADATA',
        message: expect.stringContaining('query'),
      }),
      expect.objectContaining({
        file: badSeverity,
        code: 'E_EQL_METADATA',
        message: expect.stringContaining('"urgent"'),
      }),
      expect.objectContaining({ file: badYaml, code: 'E_EQL_FILE', line: expect.any(Number) }),
    ]);
  });

  it('refuses a second query with the same id, a missing path and an unknown file type', () => {
    const first = file('dup/one.yaml', 'id: same\nname: One\nquery: any where true\n');
    const second = file('dup/two.yaml', 'id: same\nname: Two\nquery: any where true\n');
    const odd = file('odd.txt', 'any where true');
    const { queries, diagnostics } = loadEqlPaths(
      [join(dir, 'dup'), join(dir, 'nope.eql'), odd],
      ['elastic'],
    );
    expect(queries.map((q) => q.meta.file)).toEqual([first]);
    // Paths are checked before any file is read.
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['E_EQL_IO', join(dir, 'nope.eql')],
      ['E_EQL_FILE', odd],
      ['E_EQL_DUPLICATE_ID', second],
    ]);
  });

  it('loads the shipped reference query in both dialects, warning about its regexes in elastic', () => {
    const { queries, diagnostics } = loadEqlPaths([REFERENCE_EQL_QUERY], ['elastic', 'search']);
    expect(queries.map((q) => `${q.meta.id}:${q.dialect}`)).toEqual([
      'reference:elastic',
      'reference:search',
    ]);
    expect(diagnostics.every((d) => d.severity === 'warning' && d.dialect === 'elastic')).toBe(
      true,
    );
    // Five of its six tests are Lucene regexes that cannot match a JSON message.
    const lines = new Set(
      diagnostics.filter((d) => d.code === 'EQL_REGEX_NEVER_MATCHES').map((d) => d.line),
    );
    expect([...lines].sort((a, b) => a - b)).toEqual([5, 6, 8, 9, 10]);
  });

  it('keeps loading after a file that defeats a parser: alias bombs, deep nesting, a BOM', () => {
    const bomb = yamlAliasBomb('name', 'query: any where true');
    const bombFile = file('hostile/a-bomb.yaml', bomb);
    const deep = file(
      'hostile/b-deep.eql',
      `any where ${'('.repeat(50_000)}true${')'.repeat(50_000)}`,
    );
    const bom = file('hostile/c-bom.eql', '\uFEFFany where true');
    const { queries, diagnostics } = loadEqlPaths([join(dir, 'hostile')], ['elastic']);
    expect(queries.map((q) => q.meta.file)).toEqual([bom]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: bombFile, severity: 'error', code: 'E_EQL_FILE' }),
      expect.objectContaining({ file: deep, severity: 'error' }),
    ]);
  });

  it('points at a query it cannot map line for line, and keeps the query position', () => {
    const text = 'name: Escaped\nquery: "any where\\n  kubernetes.audit.verb == )"\n';
    const path = file('yaml/escaped.yaml', text);
    const { diagnostics } = loadEqlPaths([path], ['elastic']);
    expect(diagnostics[0]).toMatchObject({ code: 'E_EQL_SYNTAX', line: 2, column: 9 });
    expect(diagnostics[0]!.message).toMatch(/\(query line 2, column 28\)$/);
  });

  it('says so when a directory it was given holds no query file', () => {
    file('empty-ish/notes.txt', 'nothing here');
    const { queries, diagnostics } = loadEqlPaths([join(dir, 'empty-ish')], ['elastic']);
    expect(queries).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_EQL_IO',
        file: join(dir, 'empty-ish'),
        message: expect.stringContaining('no query files'),
      }),
    ]);
  });

  it('finds a TOML query after its key even when a description quotes it first', () => {
    const text =
      '[rule]\nname = "x"\ndescription = "Detects: any where a = 1"\nlanguage = "eql"\nquery = "any where a = 1"\n';
    const path = file('toml/quoted.toml', text);
    const { diagnostics } = loadEqlPaths([path], ['elastic']);
    expect(diagnostics[0]).toMatchObject({ code: 'E_EQL_SYNTAX', line: 5, column: 22 });
  });
});
