import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  chooseAttacks,
  defaultOptions,
  generateAuditLog,
  generatedLabels,
  outputSink,
  parseMix,
  parseSize,
  type GenerateOptions,
} from '../../generate/index.js';
import type { ScanIo } from './scan.js';

export interface GenerateCommandOptions {
  out?: string;
  size?: string;
  seed?: string;
  labels?: string;
  summary?: string;
  gzip?: boolean;
  gzipLevel?: string;
  attacks?: string[];
  mix?: string;
  rate?: string;
  nodes?: string;
  start?: string;
  bigEvery?: string;
}

/**
 * `cronwarden generate`: writes a realistic audit log with the attack catalogue planted in it,
 * the labels `validate` grades it with, and a JSON summary. Exit codes: 0 done, 2 usage or IO.
 */
export async function generateCommand(opts: GenerateCommandOptions, io: ScanIo): Promise<number> {
  const parsed = toOptions(opts);
  if (typeof parsed === 'string') {
    io.err(`cronwarden generate: ${parsed}\n`);
    return 2;
  }
  const out = opts.out!;
  const gzip = opts.gzip || (out !== '-' && out.endsWith('.gz'));
  const level = opts.gzipLevel === undefined ? 6 : Number(opts.gzipLevel);
  const started = performance.now();
  let summary;
  try {
    summary = await generateAuditLog(parsed, outputSink(out, gzip ? level : null));
    if (opts.labels) writeFileSync(opts.labels, generatedLabels(parsed.attacks, summary));
    if (opts.summary) writeFileSync(opts.summary, `${JSON.stringify(summary, null, 2)}\n`);
  } catch (e) {
    io.err(`cronwarden generate: cannot write: ${(e as Error).message}\n`);
    return 2;
  }
  const seconds = (performance.now() - started) / 1000;
  const mb = summary.bytes / 1e6;
  io.err(
    `cronwarden generate: ${summary.lines} lines, ${mb.toFixed(1)} MB${gzip ? ' (before gzip)' : ''}, ${summary.planted.length} attack scenario(s) planted${out === '-' ? '' : ` in ${out}`}${opts.labels ? `, labels in ${opts.labels}` : ''}; ${seconds.toFixed(1)} s, ${(mb / seconds).toFixed(0)} MB/s\n`,
  );
  return 0;
}

function toOptions(opts: GenerateCommandOptions): GenerateOptions | string {
  if (!opts.out) return '--out FILE is required (- for standard output)';
  const options = defaultOptions();
  if (opts.size !== undefined) {
    const size = parseSize(opts.size);
    if (size === null) return `--size "${opts.size}" is not a size (e.g. 500MB, 1GB, 64MiB)`;
    options.size = size;
  }
  if (opts.seed !== undefined) options.seed = opts.seed;
  const attacks = chooseAttacks(opts.attacks);
  if (typeof attacks === 'string') return `--attacks: ${attacks}`;
  options.attacks = attacks;
  if (opts.mix !== undefined) {
    const mix = parseMix(opts.mix);
    if (typeof mix === 'string') return `--mix: ${mix}`;
    options.mix = mix;
  }
  for (const [flag, value, key, min] of [
    ['--rate', opts.rate, 'rate', 1],
    ['--nodes', opts.nodes, 'nodes', 3],
    ['--big-every', opts.bigEvery, 'bigEvery', 0],
  ] as const) {
    if (value === undefined) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      return `${flag} "${value}": expected a whole number ≥ ${min}`;
    options[key] = n;
  }
  if (opts.start !== undefined) {
    const start = new Date(opts.start);
    if (Number.isNaN(start.getTime()))
      return `--start "${opts.start}" is not a date (use e.g. 2026-11-02T09:00:00Z)`;
    options.start = start;
  }
  if (opts.gzipLevel !== undefined && !/^[1-9]$/.test(opts.gzipLevel))
    return `--gzip-level "${opts.gzipLevel}": expected 1 to 9`;
  if (opts.labels === '-' || opts.summary === '-')
    return '--labels and --summary need file paths (standard output carries --out -)';
  for (const other of [opts.labels, opts.summary])
    if (other && opts.out !== '-' && resolve(other) === resolve(opts.out))
      return 'an output file is named twice: the log, labels and summary need their own';
  if (opts.labels && opts.summary && resolve(opts.labels) === resolve(opts.summary))
    return 'an output file is named twice: the log, labels and summary need their own';
  return options;
}
