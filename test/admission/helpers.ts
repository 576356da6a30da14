import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdmissionEvaluator, type AdmissionEvaluatorOptions } from '../../src/admission/decide.js';
import { BUILTIN_RULES_DIR } from '../../src/cli/builtin.js';
import { compileExceptions } from '../../src/config/exceptions.js';
import { loadConfig } from '../../src/config/load.js';
import { loadRulePaths } from '../../src/sigma/index.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'admission');
export const NOW = new Date('2026-11-22T10:00:00Z');
export const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });

export const RULE = {
  reverseShell: '331222d6-a787-40d4-8ddc-f0cde6895cfe',
  sensitiveHostPath: '8e4b6c1d-2f7a-4d93-a5e8-0b3c9f6d1e27',
  privilegedBatch: '740181f1-47de-4041-9c40-77c74d94787b',
  privilegedPod: '6a0f3d2e-5b1c-4e8a-9f47-2c8d1b7e4a90',
  runtimeSocket: '20cf7eae-845c-4ed3-bfd1-090f8c61cad4',
  tokenOutsidePrivate: '29026588-b9d0-4a01-9d46-f34ed04a7e2f',
  frequentSchedule: 'bf3067f2-640e-4aab-8997-2ce44b29d967',
  generalPurposeImage: '0d3a5c7e-9b1f-4e26-a8c4-e6f0b2d4a815',
};

export function text(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A fixture as a mutable object, for variants. */
export function body(name: string): { request: Record<string, unknown> } & Record<string, unknown> {
  return JSON.parse(text(name)) as { request: Record<string, unknown> };
}

export function exceptions(now = NOW) {
  return compileExceptions(loadConfig(join(FIXTURES, 'config.yaml')).exceptions, now);
}

export function evaluator(options: Partial<AdmissionEvaluatorOptions> = {}): AdmissionEvaluator {
  return new AdmissionEvaluator({
    ruleSet,
    mode: 'enforce',
    denySeverity: 'high',
    now: () => NOW,
    ...options,
  });
}
