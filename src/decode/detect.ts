import { looksLikeAks } from './aks.js';
import { looksLikeEks } from './eks.js';
import { looksLikeElastic } from './elastic.js';
import { looksLikeGke } from './gke.js';
import { isAuditEvent, isEventList } from './native.js';
import { isRecord, type DecodedFormat } from './shared.js';

/**
 * The format of one JSON value, from the keys only its format has: native events (kind Event or
 * auditID/verb/stage), GKE `protoPayload`, Elastic `kubernetes.audit` / `_source` / `hits`, AKS
 * `records` / `category`+`properties` / AKSAudit columns, EKS `message`+CloudWatch keys. Arrays
 * take the format of their first element that has one. Null when nothing matches.
 */
export function detectFormat(value: unknown): DecodedFormat | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const format = detectFormat(item);
      if (format) return format;
    }
    return null;
  }
  if (!isRecord(value)) return null;
  if (isAuditEvent(value) || isEventList(value)) return 'native';
  if (looksLikeGke(value)) return 'gke';
  // Elastic before EKS: an Elastic document also has a `message`.
  if (looksLikeElastic(value)) return 'elastic';
  if (looksLikeAks(value)) return 'aks';
  if (looksLikeEks(value)) return 'eks';
  return null;
}
