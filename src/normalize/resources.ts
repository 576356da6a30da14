import type { ResourceFacts } from './types.js';

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity (`500m`, `2Gi`, `1e3`, `0.5`) as a number; null when unreadable. */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  // Short cap: the pattern below is linear, but no real quantity is longer.
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]{0,2})\s*$/.exec(value);
  if (!m) return null;
  const factor = SUFFIX[m[2]!];
  if (factor === undefined) return null;
  return Number(m[1]) * factor;
}

export function resourceFacts(list: unknown): ResourceFacts {
  const r = list !== null && typeof list === 'object' ? (list as Record<string, unknown>) : {};
  const cpu = parseQuantity(r.cpu);
  const gpus = parseQuantity(r['nvidia.com/gpu'] ?? r['amd.com/gpu']);
  return {
    cpuMillicores: cpu === null ? null : Math.round(cpu * 1000),
    memoryBytes: parseQuantity(r.memory),
    gpus,
  };
}

export function sumResources(all: ResourceFacts[]): ResourceFacts {
  const sum = (pick: (r: ResourceFacts) => number | null): number | null => {
    const values = all.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  return {
    cpuMillicores: sum((r) => r.cpuMillicores),
    memoryBytes: sum((r) => r.memoryBytes),
    gpus: sum((r) => r.gpus),
  };
}
