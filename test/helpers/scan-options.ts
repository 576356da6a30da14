import type { ScanOptions } from '../../src/cli/commands/scan.js';

/** JSON alerts at every severity, every problem printed, a fixed clock: runs compare exactly. */
export const COMPARABLE_SCAN: ScanOptions = {
  format: 'json',
  minSeverity: 'informational',
  builtinRules: true,
  inputFormat: 'auto',
  maxErrors: 1_000_000,
  progress: false,
  now: new Date('2026-12-01T00:00:00Z'),
};
