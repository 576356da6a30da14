import { describe, expect, it } from 'vitest';
import type { SourceEvent } from '../../src/source/types.js';
import { renderReport } from '../../src/validate/report.js';
import { validate } from '../../src/validate/run.js';
import type {
  EngineFinding,
  LabelledScenario,
  ValidationEngine,
  ValidationStream,
} from '../../src/validate/types.js';

const scenarios: LabelledScenario[] = [
  {
    id: 'shell',
    title: 'Shell',
    kind: 'attack',
    technique: 'T1053.007',
    expect: { minSeverity: 'medium' },
  },
  {
    id: 'miner',
    title: 'Miner',
    kind: 'attack',
    technique: 'T1053.007',
    expect: { minSeverity: 'high' },
  },
  { id: 'ci', title: 'CI', kind: 'benign', technique: 'T1053.007', expect: { maxSeverity: 'low' } },
];
const event = (auditID: string): SourceEvent => ({
  kind: 'event',
  event: { auditID },
  format: 'native',
  file: 'log',
  line: 1,
});
// One labelled log: s1/s2 are the shell's, m1 the miner's, c1 the CI job's, u1 nobody's.
const labels = new Map([
  ['s1', 'shell'],
  ['s2', 'shell'],
  ['m1', 'miner'],
  ['c1', 'ci'],
]);
const stream: ValidationStream = {
  events: ['s1', 's2', 'm1', 'c1', 'u1'].map(event),
  scenarioOf: (id) => (id === null ? undefined : labels.get(id)),
};
const engine = (id: string, gate: boolean, findings: EngineFinding[]): ValidationEngine => ({
  id,
  label: `${id} engine`,
  gate,
  unit: 'alerts',
  run: (events) => {
    expect(events).toHaveLength(5);
    return findings;
  },
  problems: () => (id === 'noisy' ? 2 : 0),
});
const finding = (
  severity: EngineFinding['severity'],
  ...auditIDs: (string | null)[]
): EngineFinding => ({
  severity,
  auditIDs,
  ruleIds: [`rule-${severity}`],
  linked: auditIDs.length - 1,
});

describe('validate', () => {
  const good = engine('good', true, [
    finding('critical', 's1', 's2'),
    finding('high', null, 'm1'),
    finding('low', 'c1'),
  ]);
  const noisy = engine('noisy', false, [
    finding('medium', 's2'),
    finding('medium', 'm1'),
    finding('medium', 'c1'),
    finding('medium', 'u1'),
  ]);
  const report = validate(scenarios, [stream], [good, noisy]);
  const cell = (s: string, e: string) =>
    report.cells.find((c) => c.scenarioId === s && c.engineId === e)!;

  it('attributes findings by their own or their linked follow-ups’ auditIDs', () => {
    expect(cell('shell', 'good')).toMatchObject({
      verdict: 'caught',
      top: 'critical',
      findings: 1,
      linked: 1,
    });
    expect(cell('miner', 'good')).toMatchObject({ verdict: 'caught', top: 'high' });
    expect(cell('ci', 'good')).toMatchObject({
      verdict: 'noted',
      top: 'low',
      ruleIds: ['rule-low'],
    });
    expect(cell('miner', 'noisy').verdict).toBe('weak');
    expect(cell('ci', 'noisy').verdict).toBe('false-positive');
  });

  it('totals per engine, counting unlabelled findings apart', () => {
    expect(report.engines).toEqual([
      expect.objectContaining({
        engineId: 'good',
        truePositives: 2,
        falseNegatives: 0,
        falsePositives: 0,
        trueNegatives: 1,
        findings: 3,
        unlabelledFindings: 0,
      }),
      expect.objectContaining({
        engineId: 'noisy',
        truePositives: 1,
        falseNegatives: 1,
        falsePositives: 1,
        trueNegatives: 0,
        findings: 4,
        unlabelledFindings: 1,
      }),
    ]);
  });

  it('passes when only ungated engines fail, and fails when a gated one does', () => {
    expect(report.passed).toBe(true);
    expect(validate(scenarios, [stream], [{ ...noisy, gate: true }]).passed).toBe(false);
  });

  it('renders the matrix as text, markdown and JSON', () => {
    const text = renderReport(report, 'text');
    expect(text).toMatch(/^scenario\s+kind\s+expected\s+good\s+noisy$/m);
    expect(text).toMatch(/^shell\s+attack\s+≥ medium\s+✓ critical \+1 linked\s+✓ medium$/m);
    expect(text).toMatch(/^miner\s+attack\s+≥ high\s+✓ high \+1 linked\s+✗ only medium$/m);
    expect(text).toMatch(/^ci\s+benign\s+≤ low\s+✓ low\s+✗ FP medium$/m);
    expect(text).toMatch(/^noisy\s+no\s+1 \/ 2\s+1\s+1 \/ 1\s+4 alerts \(1 unlabelled\)$/m);
    expect(text).toMatch(/validate: passed/);
    expect(text).toMatch(/^warning: noisy could not fully evaluate 2 event\(s\)/m);
    expect(text).not.toMatch(/warning: good/);
    const md = renderReport(report, 'md');
    expect(md).toContain('| `ci` | benign | ≤ low | ✓ low | ✗ FP medium |');
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
