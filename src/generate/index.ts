import type { Scenario } from '../emulate/types.js';
import { labelledScenario, renderLabels } from '../validate/index.js';
import { Generator } from './generator.js';
import type { GenerateOptions } from './options.js';
import type { ByteSink } from './output.js';
import type { GenerateSummary } from './summary.js';

export {
  chooseAttacks,
  defaultOptions,
  DEFAULT_MIX,
  parseMix,
  type GenerateOptions,
  type Mix,
} from './options.js';
export { memorySink, outputSink, type ByteSink } from './output.js';
export { parseSize } from './size.js';
export type { GenerateSummary } from './summary.js';

/**
 * Writes a realistic kube-apiserver audit log (audit.k8s.io/v1 JSON lines) of `options.size`
 * bytes into `sink`, with the attack scenarios planted in it, and says what it wrote.
 */
export async function generateAuditLog(
  options: GenerateOptions,
  sink: ByteSink,
): Promise<GenerateSummary> {
  return new Generator(options).run(sink);
}

/** The labels file `cronwarden validate LOG --labels FILE` grades the generated log with. */
export function generatedLabels(attacks: readonly Scenario[], summary: GenerateSummary): string {
  const auditIDs = new Map(summary.planted.map((p) => [p.id, p.auditIDs]));
  return renderLabels(attacks.map(labelledScenario), auditIDs);
}
