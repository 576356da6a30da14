// The admission review the bench sends: the typical benign CronJob of the admission bench, with
// a new uid each time as the API server sends it.

import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const fixture = new URL(
  '../../test/fixtures/admission/cronjob-create-benign.json',
  import.meta.url,
);
const review = readFileSync(fixture, 'utf8');
const uid = JSON.parse(review).request.uid;

/**
 * Sends review number `i` and returns its latency in ms, or null when it was not answered
 * 200 with `allowed: true`.
 */
export async function reviewOnce(conn, i) {
  const body = review.replace(uid, `${uid.slice(0, -8)}${String(i).padStart(8, '0')}`);
  const res = await conn.request('POST', '/admission/validate', body);
  return res.status === 200 && JSON.parse(res.text).response?.allowed === true ? res.ms : null;
}
