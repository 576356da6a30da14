// What the server must have stored after the bench: an in-process DetectionEngine, set up as
// `serve` sets up its own, fed every round template twice (two deliveries with different
// tokens), as the server would be. The second cycle is the steady state every later delivery
// repeats; the first must agree with it, or per-round expectations would not hold.

import { performance } from 'node:perf_hooks';
import { BUILTIN_RULES_DIR } from '../../dist/cli/builtin.js';
import { decodeAuditValue } from '../../dist/decode/index.js';
import { DetectionEngine } from '../../dist/detect/engine.js';
import { loadRulePaths } from '../../dist/sigma/index.js';
import { fillBody, PLACEHOLDER, tokenOf } from './rounds.mjs';

const suffix = (auditID) => auditID.slice(PLACEHOLDER.length);

/**
 * Per round template: the auditID suffixes of the alerts it raises, how many follow-ups it
 * links and how many raw events the store keeps for them. `eventsPerSecond` is how fast this
 * thread parsed, decoded and evaluated the steady cycle: the machine's speed at the moment,
 * to read the server's numbers against.
 */
export function expectedPerRound(rounds) {
  const { ruleSet } = loadRulePaths([BUILTIN_RULES_DIR], { strict: true });
  const engine = new DetectionEngine(ruleSet, [], [], { trackLinks: true, startedIsFinal: true });
  const cycle = (sender) =>
    rounds.map((round, r) => {
      const alerts = new Set();
      const raw = new Set();
      let followUps = 0;
      round.batches.forEach((batch, b) => {
        const body = JSON.parse(fillBody(batch, tokenOf(sender, r)).toString('utf8'));
        const decoded = decodeAuditValue(body, { file: 'expected', line: b }, 'native');
        for (const source of decoded.events)
          for (const { alert } of engine.process(source)) {
            alerts.add(suffix(alert.auditID));
            raw.add(suffix(alert.auditID));
          }
        for (const linked of engine.takeLinked()) {
          followUps++;
          if (linked.source.event.auditID) raw.add(suffix(linked.source.event.auditID));
        }
      });
      return { alerts, followUps, rawEvents: raw.size };
    });
  const first = cycle(14);
  const started = performance.now();
  const steady = cycle(15);
  const seconds = (performance.now() - started) / 1000;
  steady.forEach((s, r) => {
    const f = first[r];
    const same = f.followUps === s.followUps && [...s.alerts].every((a) => f.alerts.has(a));
    if (!same || f.alerts.size !== s.alerts.size)
      throw new Error(`round ${r} raises different alerts when repeated: no steady expectation`);
  });
  const events = rounds.reduce((n, r) => n + r.events, 0);
  return { perRound: steady, eventsPerSecond: events / seconds };
}

/**
 * Compares what the server stored (alerts from GET /api/alerts, raw event count from the
 * store) with the expectation for the rounds each sender completed.
 * @returns {string[]} problems; empty when everything expected, and nothing else, was stored.
 */
export function checkStored({ perRound: expected }, roundsSent, stored) {
  const problems = [];
  const want = new Set();
  let followUps = 0;
  let rawEvents = 0;
  roundsSent.forEach((count, sender) => {
    for (let r = 0; r < count; r++) {
      const e = expected[r % expected.length];
      for (const a of e.alerts) want.add(`${tokenOf(sender, r)}${a}`);
      followUps += e.followUps;
      rawEvents += e.rawEvents;
    }
  });
  const got = new Set(stored.alerts.map((a) => a.auditID));
  const missing = [...want].filter((id) => !got.has(id));
  const extra = [...got].filter((id) => !want.has(id));
  if (missing.length > 0) problems.push(`${missing.length} expected alerts missing`);
  if (extra.length > 0) problems.push(`${extra.length} unexpected alerts stored`);
  if (got.size !== stored.alerts.length) problems.push('an alert was stored twice');
  const related = stored.alerts.reduce((n, a) => n + a.relatedCount, 0);
  if (related !== followUps) problems.push(`${related} follow-ups stored, ${followUps} expected`);
  if (stored.rawEvents !== rawEvents)
    problems.push(`${stored.rawEvents} raw events stored, ${rawEvents} expected`);
  return { problems, alerts: want.size, followUps, rawEvents };
}
