// Reading scan's alerts for bench/scan-bench.mjs: did every planted attack raise one, and do
// two runs over the same log agree?

import { readFileSync } from 'node:fs';

/** Alerts of `scan --format json`: one JSON object per line (docs/alerts.md). */
export function readAlerts(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/**
 * The planted scenarios (from the generator's summary) with no alert on any of their auditIDs,
 * and the alerts on events that were not planted.
 */
export function checkPlanted(alerts, planted) {
  const scenarioOf = new Map();
  for (const p of planted) for (const id of p.auditIDs) scenarioOf.set(id, p.id);
  const caught = new Set();
  const unplanted = [];
  for (const a of alerts) {
    const scenario = scenarioOf.get(a.auditID);
    if (scenario) caught.add(scenario);
    else unplanted.push(a.auditID);
  }
  return { missed: planted.map((p) => p.id).filter((id) => !caught.has(id)), unplanted };
}

/**
 * Alerts as comparable text, sorted. `withSource` false drops where events were read (`source`
 * of the alert and of its linked follow-ups), to compare a gzip copy with the plain log.
 */
export function alertSet(alerts, withSource = true) {
  const strip = (a) => {
    const { source: _source, ...rest } = a;
    if (Array.isArray(rest.related)) rest.related = rest.related.map(strip);
    return rest;
  };
  return alerts.map((a) => JSON.stringify(withSource ? a : strip(a))).sort();
}

/** Describes how two sorted alert sets differ, or returns null when they are equal. */
export function difference(a, b) {
  if (a.length === b.length && a.every((x, i) => x === b[i])) return null;
  const inB = new Set(b);
  const inA = new Set(a);
  const onlyA = a.filter((x) => !inB.has(x)).length;
  const onlyB = b.filter((x) => !inA.has(x)).length;
  return `${a.length} vs ${b.length} alerts, ${onlyA} only in the first, ${onlyB} only in the second`;
}
