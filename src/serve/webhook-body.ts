import { decodeAuditValue, describeJsonError, type DispatchResult } from '../decode/index.js';

/** The body as a whole is not an audit batch (answer 400); bad events inside one are not. */
export class BadBatchError extends Error {
  readonly statusCode = 400;
}

/**
 * A webhook body's JSON text as audit events; throws BadBatchError when it is not JSON, or not
 * an EventList, Event or array of them. Malformed events inside are returned as problems.
 */
export function decodeWebhookBody(text: string, batchNo: number): DispatchResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BadBatchError(describeJsonError(text, e));
  }
  const decoded = decodeAuditValue(body, { file: 'audit-webhook', line: batchNo }, 'native');
  const whole = decoded.problems.find((p) => p.path === undefined);
  if (whole) throw new BadBatchError(whole.reason);
  return decoded;
}
