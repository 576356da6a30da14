import type { Database } from 'better-sqlite3';
import type { RelatedEvent } from '../alert/types.js';
import { StoreInputError } from './errors.js';
import { alertBody, checkAlert, followUpKey, rawText, ruleIds, timeMs } from './rows.js';
import type { Statements } from './statements.js';
import type { Batch, BatchResult } from './types.js';

export interface RecordContext {
  nowMs: number;
  rawCap: number;
}

/**
 * One transaction for the whole batch: either all of it is recorded or none, so a failed batch
 * is answered 5xx and the API server's retry re-delivers it whole.
 */
export function recordBatch(
  db: Database,
  st: Statements,
  batch: Batch,
  ctx: RecordContext,
): BatchResult {
  if (!batch || !Array.isArray(batch.alerts))
    throw new StoreInputError('batch: `alerts` must be an array');
  const result: BatchResult = {
    inserted: 0,
    duplicates: 0,
    followUpsInserted: 0,
    followUpsDuplicate: 0,
    followUpsOrphaned: 0,
    rawEventsStored: 0,
    rawEventsTruncated: 0,
    rawEventsSkipped: 0,
  };
  const recordedAt = new Date(ctx.nowMs).toISOString();

  const addFollowUp = (seq: number, r: RelatedEvent): void => {
    const added = st.insertFollowUp.run(seq, followUpKey(r), r.auditID ?? null, JSON.stringify(r));
    if (added.changes === 0) {
      result.followUpsDuplicate++;
      return;
    }
    result.followUpsInserted++;
    st.touchFollowUp.run(timeMs(r.time) ?? ctx.nowMs, seq);
  };

  db.transaction(() => {
    for (const alert of batch.alerts) {
      const rank = checkAlert(alert);
      let seq = st.findAlert.get(alert.id, alert.auditID ?? null)?.seq;
      if (seq === undefined) {
        const sortMs = timeMs(alert.time) ?? ctx.nowMs;
        const row = st.insertAlert.run(
          alert.id,
          alert.auditID ?? null,
          alert.time ?? null,
          sortMs,
          sortMs,
          rank,
          alert.object?.namespace ?? null,
          recordedAt,
          alertBody(alert),
        );
        seq = Number(row.lastInsertRowid);
        for (const rule of ruleIds(alert)) st.insertRule.run(seq, rule);
        result.inserted++;
      } else {
        // Re-delivered (or re-raised after a restart): it may carry follow-ups linked since.
        result.duplicates++;
      }
      for (const r of alert.related ?? []) addFollowUp(seq, r);
      // Follow-ups beyond the first 100 are counted by the engine but not listed in `related`.
      st.raiseRelatedCount.run(alert.relatedCount ?? 0, seq);
    }
    for (const f of batch.followUps ?? []) {
      const seq = st.seqOf.get(f.alertId);
      if (seq === undefined) result.followUpsOrphaned++;
      else addFollowUp(seq, f.event);
    }
    for (const raw of batch.rawEvents ?? []) {
      const owner = raw.auditID ? st.rawOwner.get(raw.auditID, raw.auditID) : null;
      if (owner === null || owner === undefined) {
        result.rawEventsSkipped++;
        continue;
      }
      const { text, bytes, truncated } = rawText(raw.event, ctx.rawCap);
      if (st.insertRaw.run(raw.auditID, owner, bytes, truncated ? 1 : 0, text).changes === 0) {
        result.rawEventsSkipped++;
        continue;
      }
      result.rawEventsStored++;
      if (truncated) result.rawEventsTruncated++;
    }
  })();
  return result;
}
