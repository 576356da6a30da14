// The ingest bench's traffic, pre-serialized: a few "round" templates, each a list of EventList
// bodies of background traffic with one slice of the emulate catalogue (attacks and benign
// look-alikes) spread through it in log order. Every auditID starts with a placeholder, so a
// sender makes each delivery a distinct set of requests by writing its own 8-hex-digit token
// over them: the server never sees a repeated auditID, which it would skip as a re-delivery,
// and nothing is serialized, or even allocated, while the clock runs.

import { buildAuditEvents, SCENARIOS } from '../../dist/emulate/index.js';
import { backgroundTraffic } from './background.mjs';

export const PLACEHOLDER = 'ZZZZZZZZ';

/**
 * @returns {{ batches: { buf: Buffer, offsets: Int32Array }[], events: number,
 *   catalogueEvents: number, bytes: number, mix: Record<string, number> }[]} each batch is a
 *   body's UTF-8 bytes with the placeholders' byte offsets; `mix` counts the round's events by
 *   kind, for the report.
 */
export async function buildRounds({ rounds, batchesPerRound, batchSize, seed }) {
  const perGroup = Math.ceil(SCENARIOS.length / rounds);
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const catalogue = buildAuditEvents(SCENARIOS.slice(r * perGroup, (r + 1) * perGroup), {
      seed: `ingest-bench-${seed}-${r}`,
    });
    const total = batchesPerRound * batchSize;
    const background = await backgroundTraffic(seed * 7919 + r, total - catalogue.length);
    const events = [];
    const every = Math.floor(total / (catalogue.length + 1));
    let next = 0;
    let b = 0;
    while (events.length < total) {
      if (next < catalogue.length && events.length === (next + 1) * every)
        events.push(catalogue[next++]);
      else events.push(background[b++]);
    }
    // Watches still open at the round's end never log their completion: the server judges a
    // watch on ResponseStarted, so nothing is left waiting in its engine between rounds.
    const fromCatalogue = new Set(catalogue);
    const mix = { reads: 0, leases: 0, bodies: 0, other: 0, catalogue: 0 };
    for (const e of events) mix[kindOf(e, fromCatalogue)]++;
    let bytes = 0;
    const batches = [];
    for (let b = 0; b < batchesPerRound; b++) {
      const items = events.slice(b * batchSize, (b + 1) * batchSize).map((e) => ({
        ...e,
        auditID: `${PLACEHOLDER}${e.auditID.slice(PLACEHOLDER.length)}`,
      }));
      const body = JSON.stringify({
        kind: 'EventList',
        apiVersion: 'audit.k8s.io/v1',
        metadata: {},
        items,
      });
      const buf = Buffer.from(body, 'utf8');
      const offsets = [];
      for (let at = buf.indexOf(PLACEHOLDER); at >= 0; at = buf.indexOf(PLACEHOLDER, at + 1))
        offsets.push(at);
      if (offsets.length !== items.length)
        throw new Error('the auditID placeholder appears outside the auditIDs');
      bytes += buf.length;
      batches.push({ buf, offsets: Int32Array.from(offsets) });
    }
    out.push({ batches, events: total, catalogueEvents: catalogue.length, bytes, mix });
  }
  return out;
}

function kindOf(e, fromCatalogue) {
  if (fromCatalogue.has(e)) return 'catalogue';
  if (e.objectRef?.resource === 'leases') return 'leases';
  if (e.level === 'RequestResponse') return 'bodies';
  return ['get', 'list', 'watch'].includes(e.verb) ? 'reads' : 'other';
}

/** The batch's body with `token` in its auditIDs, written into `scratch` (reused by a sender). */
export function fillBody(batch, token, scratch = Buffer.allocUnsafe(batch.buf.length)) {
  batch.buf.copy(scratch);
  for (const at of batch.offsets) scratch.write(token, at, 'latin1');
  return scratch.subarray(0, batch.buf.length);
}

/** Sender `sender`'s `round`-th round: a token no other delivery of the run uses. */
export function tokenOf(sender, round) {
  return `${sender.toString(16)}${round.toString(16).padStart(7, '0')}`;
}
