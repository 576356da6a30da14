import type { Scenario } from '../types.js';

/** Group-versions the catalogue may use that current clusters no longer serve. */
const REMOVED: Record<string, string> = {
  'batch/v1beta1': '1.25',
  'policy/v1beta1': '1.25',
  'extensions/v1beta1': '1.22',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
};

const WRITES = new Set(['create', 'update', 'patch', 'delete']);

function expectation(scenario: Scenario): string {
  if (scenario.kind === 'benign')
    return `expected: every event should stay at or below ${scenario.expect.maxSeverity ?? 'informational'}`;
  const main = scenario.mainStep ?? scenario.steps.findIndex((s) => WRITES.has(s.verb));
  return `expected: cronwarden should alert at ≥ ${scenario.expect.minSeverity ?? 'low'} on step ${Math.max(main, 0) + 1}`;
}

/** What a reader needs before running it: what it is, what should happen, what it needs. */
export function headerOf(scenario: Scenario): string[] {
  const lines = [
    `${scenario.id}: ${scenario.title}`,
    [
      `kind: ${scenario.kind}`,
      `ATT&CK ${scenario.technique}`,
      ...(scenario.source ? [`source: ${scenario.source}`] : []),
      ...(scenario.evasionClass ? [`evasion: ${scenario.evasionClass}`] : []),
    ].join(' | '),
    expectation(scenario),
    scenario.description,
  ];
  for (const step of scenario.steps) {
    const gv = `${step.apiGroup}/${step.apiVersion}`;
    const removedIn = REMOVED[gv];
    if (!removedIn) continue;
    const client = scenario.steps
      .map((s) => s.actor.userAgent)
      .find((ua) => ua.startsWith('kubectl/'));
    lines.push(
      `NEEDS AN OLDER CLUSTER: ${gv} ${step.resource} was removed in Kubernetes ${removedIn}; the log was recorded against ${scenario.kubernetes?.version ?? `a version before ${removedIn}`} (e.g. kind create cluster --image kindest/node:${scenario.kubernetes?.version ?? 'v1.24.17'})${client ? `, with ${client.split(' ')[0]} — kubectl supports one minor version of skew` : ''}`,
    );
    break;
  }
  if (scenario.kubernetes && !lines.some((l) => l.startsWith('NEEDS')))
    lines.push(`recorded against Kubernetes ${scenario.kubernetes.version}`);
  return lines;
}
