import type { Alert } from '../../../src/alert/types.js';
import { BUILTIN_RULES_DIR } from '../../../src/cli/builtin.js';
import { DetectionEngine } from '../../../src/detect/engine.js';
import { loadRulePaths } from '../../../src/sigma/index.js';
import { readAuditEvents } from '../../../src/source/read-audit.js';

const EXAMPLE = new URL('../../../examples/audit-log.jsonl', import.meta.url).pathname;
let cached: Promise<Alert[]> | null = null;

/** The alerts `scan examples/audit-log.jsonl` raises, most severe first: real sink input. */
export function exampleAlerts(): Promise<Alert[]> {
  cached ??= (async () => {
    const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });
    const engine = new DetectionEngine(ruleSet);
    const raised = [];
    for await (const item of readAuditEvents([EXAMPLE]))
      if (item.kind === 'event') raised.push(...engine.process(item));
    raised.push(...engine.flush());
    return raised.map((r) => r.alert).sort((a, b) => b.riskScore - a.riskScore);
  })();
  return cached;
}

/** `n` distinct alerts cycled from the examples, each with its own id. */
export async function manyAlerts(n: number): Promise<Alert[]> {
  const base = await exampleAlerts();
  return Array.from({ length: n }, (_, i) => ({
    ...base[i % base.length]!,
    id: `cw-${i.toString(16).padStart(20, '0')}`,
  }));
}
