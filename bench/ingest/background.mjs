// Background traffic of a busy cluster, as its API server audits it: the project's own log
// generator (`cronwarden generate`, docs/generate.md) with no attacks planted, read back as
// events. Events have auditIDs already; the ingest bench rewrites their first 8 characters per
// delivery.

import { defaultOptions, generateAuditLog, memorySink } from '../../dist/generate/index.js';

/** `count` events of the generator's default mix, deterministic for a seed. */
export async function backgroundTraffic(seed, count) {
  // The mix averages about 1.25 KB a line; ask for more until there are enough lines.
  for (let size = count * 1500; ; size *= 2) {
    const sink = memorySink();
    await generateAuditLog(
      { ...defaultOptions(), size, seed: `ingest-bench-${seed}`, attacks: [] },
      sink,
    );
    const lines = sink
      .buffer()
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    if (lines.length >= count) return lines.slice(0, count).map((l) => JSON.parse(l));
  }
}
