import { join } from 'node:path';
import { tempFiles } from '../helpers/temp-files.js';
import { yamlAliasBomb } from '../helpers/hostile-yaml.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { loadLabels, renderLabels } from '../../src/validate/labels.js';
import type { LabelledScenario } from '../../src/validate/types.js';

const { dir, file } = tempFiles('cw-labels-');
function problems(path: string): string[] {
  try {
    loadLabels(path);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

const scenarios: LabelledScenario[] = [
  {
    id: 'miner',
    title: 'Miner',
    kind: 'attack',
    technique: 'T1053.007',
    expect: { minSeverity: 'high' },
  },
  {
    id: 'ci',
    title: 'CI job',
    kind: 'benign',
    technique: 'T1053.007',
    expect: { maxSeverity: 'low' },
  },
];

describe('labels files', () => {
  it('round-trips what renderLabels writes', () => {
    const text = renderLabels(
      scenarios,
      new Map([
        ['miner', ['id-1', 'id-2']],
        ['ci', ['id-3']],
      ]),
    );
    const labels = loadLabels(file('ok.yaml', text));
    expect(labels.scenarios).toEqual(scenarios);
    expect([...labels.scenarioOf]).toEqual([
      ['id-1', 'miner'],
      ['id-2', 'miner'],
      ['id-3', 'ci'],
    ]);
  });

  it('leaves out scenarios that produced no event', () => {
    const text = renderLabels(scenarios, new Map([['ci', ['id-3']]]));
    expect(loadLabels(file('one.yaml', text)).scenarios.map((s) => s.id)).toEqual(['ci']);
  });

  it('names file, line and key for every problem at once', () => {
    const path = file(
      'bad.yaml',
      [
        'scenarios:',
        '  - id: miner',
        '    kind: attack',
        '    expect: { minSeverity: severe }',
        '    auditIDs: []',
        '  - id: x',
        '    kind: evil',
        '    auditIDs: [a]',
      ].join('\n'),
    );
    const found = problems(path);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/bad\.yaml:4:\d+: scenarios\[0\]\.expect\.minSeverity: /),
        expect.stringMatching(
          /bad\.yaml:5:\d+: scenarios\[0\]\.auditIDs: list at least one auditID/,
        ),
        expect.stringMatching(/bad\.yaml:7:\d+: scenarios\[1\]\.kind: /),
      ]),
    );
  });

  it('refuses an event labelled twice and a scenario listed twice, with positions', () => {
    const path = file(
      'twice.yaml',
      'scenarios:\n  - {id: a, kind: attack, auditIDs: [x]}\n  - {id: b, kind: benign, auditIDs: [x]}\n  - {id: a, kind: attack, auditIDs: [y]}\n',
    );
    expect(problems(path)).toEqual([
      expect.stringMatching(
        /twice\.yaml:3:\d+: scenarios\[1\]\.auditIDs\[0\]: x is also labelled "a"/,
      ),
      expect.stringMatching(/twice\.yaml:4:\d+: scenarios\[2\]\.id: "a" is also scenarios\[0\]/),
    ]);
  });

  it('refuses an expectation of the other kind instead of ignoring it', () => {
    const path = file(
      'kinds.yaml',
      'scenarios:\n  - id: a\n    kind: attack\n    expect: {maxSeverity: low}\n    auditIDs: [x]\n  - id: b\n    kind: benign\n    expect: {minSeverity: high}\n    auditIDs: [y]\n',
    );
    expect(problems(path)).toEqual([
      expect.stringMatching(
        /kinds\.yaml:4:\d+: scenarios\[0\]\.expect: an attack takes minSeverity/,
      ),
      expect.stringMatching(
        /kinds\.yaml:8:\d+: scenarios\[1\]\.expect: a benign scenario takes maxSeverity/,
      ),
    ]);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = yamlAliasBomb('scenarios');
    expect(problems(file('bomb.yaml', bomb))).toEqual([
      expect.stringMatching(/bomb\.yaml: not usable YAML: /),
    ]);
  });

  it('reports an unreadable file and invalid YAML with a position', () => {
    expect(problems(join(dir, 'missing.yaml'))[0]).toMatch(/cannot read the labels file/);
    expect(problems(file('syntax.yaml', 'scenarios: [\n')).join()).toMatch(
      /syntax\.yaml:\d+:\d+: invalid YAML/,
    );
  });
});
