import { stringify } from 'yaml';
import { z } from 'zod';
import { SEVERITIES } from '../alert/types.js';
import { loadYamlWith } from '../config/load.js';
import type { LabelledScenario } from './types.js';

/**
 * The labels file: which auditIDs of an audit log belong to which scenario, and what each
 * scenario expects. `cronwarden emulate --labels` writes one; a team can write its own for a
 * red-team exercise. Documented in docs/validation.md.
 */
const severity = z.enum(SEVERITIES);
const labelsSchema = z
  .object({
    scenarios: z
      .array(
        z
          .object({
            id: z.string().min(1),
            kind: z.enum(['attack', 'benign']),
            title: z.string().optional(),
            technique: z.string().optional(),
            description: z.string().optional(),
            source: z.string().optional(),
            expect: z
              .object({ minSeverity: severity.optional(), maxSeverity: severity.optional() })
              .strict()
              .optional(),
            auditIDs: z.array(z.string().min(1)).min(1, 'list at least one auditID'),
          })
          .strict(),
      )
      .min(1, 'list at least one scenario'),
  })
  .strict();

export type LabelsFile = z.infer<typeof labelsSchema>;

export interface Labels {
  scenarios: LabelledScenario[];
  scenarioOf: Map<string, string>;
  /** `file:line:column` of each auditID in the labels file, for problems about it. */
  whereIs: Map<string, string>;
}

/** Reads and checks a labels file; problems are `file:line:col: key: message` (ConfigError). */
export function loadLabels(file: string): Labels {
  const scenarioOf = new Map<string, string>();
  const whereIs = new Map<string, string>();
  const data = loadYamlWith(labelsSchema, file, 'the labels file', (parsed, where) => {
    const problems: string[] = [];
    const ids = new Map<string, number>();
    parsed.scenarios.forEach((s, i) => {
      // An expectation of the other kind would be silently ignored by the verdicts.
      const wrong = s.kind === 'attack' ? s.expect?.maxSeverity : s.expect?.minSeverity;
      if (wrong !== undefined)
        problems.push(
          `${where(['scenarios', i, 'expect'])}: scenarios[${i}].expect: ${s.kind === 'attack' ? 'an attack takes minSeverity (what it must reach), not maxSeverity' : 'a benign scenario takes maxSeverity (the most it may raise), not minSeverity'}`,
        );
      const first = ids.get(s.id);
      if (first !== undefined)
        problems.push(
          `${where(['scenarios', i, 'id'])}: scenarios[${i}].id: "${s.id}" is also scenarios[${first}]: merge them`,
        );
      else ids.set(s.id, i);
      s.auditIDs.forEach((auditID, j) => {
        const other = scenarioOf.get(auditID);
        if (other !== undefined && other !== s.id)
          problems.push(
            `${where(['scenarios', i, 'auditIDs', j])}: scenarios[${i}].auditIDs[${j}]: ${auditID} is also labelled "${other}": an event belongs to one scenario`,
          );
        else {
          scenarioOf.set(auditID, s.id);
          whereIs.set(auditID, where(['scenarios', i, 'auditIDs', j]));
        }
      });
    });
    return problems;
  });
  return {
    scenarios: data.scenarios.map((s) => ({
      id: s.id,
      title: s.title ?? s.id,
      kind: s.kind,
      technique: s.technique ?? '',
      expect: s.expect ?? {},
      ...(s.description ? { description: s.description } : {}),
      ...(s.source ? { source: s.source } : {}),
    })),
    scenarioOf,
    whereIs,
  };
}

/** The labels file text for scenarios and the auditIDs their events carry. */
export function renderLabels(
  scenarios: readonly LabelledScenario[],
  auditIDs: ReadonlyMap<string, readonly string[]>,
): string {
  const file: LabelsFile = {
    scenarios: scenarios
      .filter((s) => (auditIDs.get(s.id)?.length ?? 0) > 0)
      .map((s) => ({
        id: s.id,
        kind: s.kind,
        title: s.title,
        technique: s.technique,
        ...(s.source ? { source: s.source } : {}),
        expect: s.expect,
        auditIDs: [...auditIDs.get(s.id)!],
      })),
  };
  return `# cronwarden validation labels: which events of the log belong to which scenario.\n# Use with: cronwarden validate LOG --labels THIS_FILE\n${stringify(file, { lineWidth: 0 })}`;
}
