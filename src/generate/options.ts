import { DEFAULT_START } from '../emulate/build-events.js';
import { SCENARIOS } from '../emulate/catalogue/index.js';
import type { Scenario } from '../emulate/types.js';

/** Shares of the background's lines by category; they sum to 1. */
export type Mix = Record<'reads' | 'leases' | 'events' | 'workloads' | 'other', number>;

export const DEFAULT_MIX: Mix = {
  reads: 0.6,
  leases: 0.2,
  events: 0.08,
  workloads: 0.035,
  other: 0.085,
};

export interface GenerateOptions {
  /** Stop at the first line boundary at or after this many (uncompressed) bytes. */
  size: number;
  seed: string;
  /** Time of the first request. */
  start: Date;
  /** Requests per second the API server receives: sets how much time the log covers. */
  rate: number;
  nodes: number;
  mix: Mix;
  /** One write of tens or hundreds of kilobytes every this many requests; 0 for none. */
  bigEvery: number;
  /** Share of requests also logged at RequestReceived. */
  requestReceived: number;
  /** Attack scenarios to plant, spread through the log. */
  attacks: Scenario[];
}

export const ATTACK_SCENARIOS: readonly Scenario[] = SCENARIOS.filter((s) => s.kind === 'attack');

export function defaultOptions(): GenerateOptions {
  return {
    size: 100_000_000,
    seed: 'cronwarden-generate',
    start: DEFAULT_START,
    rate: 300,
    nodes: 60,
    mix: { ...DEFAULT_MIX },
    bigEvery: 2_500,
    requestReceived: 0.08,
    attacks: [...ATTACK_SCENARIOS],
  };
}

/**
 * `reads=60,leases=20,events=8,workloads=3.5` (percent); unnamed categories share what is left
 * in proportion to their defaults. Returns an error message for anything else.
 */
export function parseMix(text: string): Mix | string {
  const given: Partial<Mix> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)%?$/.exec(part);
    const key = match?.[1] as keyof Mix | undefined;
    if (!match || !key || !(key in DEFAULT_MIX))
      return `"${part}": expected name=percent with name one of ${Object.keys(DEFAULT_MIX).join(', ')}`;
    given[key] = Number(match[2]) / 100;
  }
  const named = Object.values(given).reduce((a, b) => a + b, 0);
  if (named > 1 + 1e-9) return `the shares add up to ${Math.round(named * 1000) / 10}%, over 100%`;
  const rest = (Object.keys(DEFAULT_MIX) as (keyof Mix)[]).filter((k) => given[k] === undefined);
  const restDefault = rest.reduce((a, k) => a + DEFAULT_MIX[k], 0);
  const mix = { ...DEFAULT_MIX, ...given };
  for (const k of rest) mix[k] = restDefault > 0 ? ((1 - named) * DEFAULT_MIX[k]) / restDefault : 0;
  if (rest.length === 0 && Math.abs(named - 1) > 1e-6)
    return `the shares add up to ${Math.round(named * 1000) / 10}%, not 100%`;
  return mix;
}

/**
 * `--attacks`: `all` (default), `none` or `0`, a count (spread evenly over the catalogue), or
 * scenario ids (space- or comma-separated). Returns an error message for unknown ids.
 */
export function chooseAttacks(spec: readonly string[] | undefined): Scenario[] | string {
  const words = (spec ?? ['all'])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (words.length === 0 || (words.length === 1 && words[0] === 'all'))
    return [...ATTACK_SCENARIOS];
  if (words.length === 1 && (words[0] === 'none' || /^\d+$/.test(words[0]!))) {
    const n = words[0] === 'none' ? 0 : Number(words[0]);
    const all = ATTACK_SCENARIOS;
    if (n >= all.length) return [...all];
    return Array.from({ length: n }, (_, i) => all[Math.floor(((i + 0.5) * all.length) / n)]!);
  }
  const known = new Map(SCENARIOS.map((s) => [s.id, s]));
  const unknown = words.filter((w) => !known.has(w));
  if (unknown.length)
    return `unknown scenario(s): ${unknown.join(', ')} (cronwarden emulate lists them)`;
  const benign = words.filter((w) => known.get(w)!.kind !== 'attack');
  if (benign.length) return `not attack scenarios: ${benign.join(', ')}`;
  return [...new Set(words)].map((w) => known.get(w)!);
}
