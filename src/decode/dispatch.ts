import type { InputFormat } from '../schema/audit-event.js';
import type { SourcePosition } from '../source/types.js';
import { AKS_EXPECTED, fromAks, looksLikeAks } from './aks.js';
import { detectFormat } from './detect.js';
import { EKS_EXPECTED, fromEks, looksLikeEks } from './eks.js';
import { ELASTIC_EXPECTED, fromElastic, looksLikeElastic } from './elastic.js';
import { fromGke, GKE_EXPECTED, looksLikeGke } from './gke.js';
import {
  fromNative,
  isAuditEvent,
  isEventList,
  NATIVE_EXPECTED,
  notAuditEventReason,
} from './native.js';
import {
  decodeEach,
  describeValue,
  isRecord,
  problemResult,
  type DecodedFormat,
  type DecodeResult,
  type Decoder,
} from './shared.js';

interface FormatSpec {
  decode: Decoder;
  looksLike: (value: Record<string, unknown>) => boolean;
  expected: string;
}

const FORMATS: Record<DecodedFormat, FormatSpec> = {
  native: {
    decode: fromNative,
    looksLike: (v) => isAuditEvent(v) || isEventList(v),
    expected: NATIVE_EXPECTED,
  },
  eks: { decode: fromEks, looksLike: looksLikeEks, expected: EKS_EXPECTED },
  gke: { decode: fromGke, looksLike: looksLikeGke, expected: GKE_EXPECTED },
  aks: { decode: fromAks, looksLike: looksLikeAks, expected: AKS_EXPECTED },
  elastic: { decode: fromElastic, looksLike: looksLikeElastic, expected: ELASTIC_EXPECTED },
};

const ANY_EXPECTED =
  'expected an audit.k8s.io Event or EventList, or an EKS, GKE, AKS or Elastic export of one';

export interface DispatchResult extends DecodeResult {
  /** The format the value was read as; null when it matched none. */
  format: DecodedFormat | null;
}

/**
 * One JSON value (a line, or a whole document) to native audit events. `auto` detects the format
 * of each value, so a file mixing exports still reads; a forced format reports values of any
 * other shape as problems, naming the format they look like.
 */
export function decodeAuditValue(
  value: unknown,
  at: SourcePosition,
  format: InputFormat = 'auto',
): DispatchResult {
  if (format !== 'auto') {
    const result = Array.isArray(value)
      ? decodeEach(value, at, '', (v, p) => decodeAs(format, v, p))
      : decodeAs(format, value, at);
    return { ...result, format };
  }
  if (Array.isArray(value)) {
    return { ...decodeEach(value, at, '', decodeDetected), format: detectFormat(value) };
  }
  return { ...decodeDetected(value, at), format: detectFormat(value) };
}

function decodeDetected(value: unknown, at: SourcePosition): DecodeResult {
  const detected = detectFormat(value);
  if (detected === null) return problemResult(at, notAuditEventReason(value, ANY_EXPECTED));
  return FORMATS[detected].decode(value, at);
}

function decodeAs(format: DecodedFormat, value: unknown, at: SourcePosition): DecodeResult {
  const spec = FORMATS[format];
  if (isRecord(value) && spec.looksLike(value)) return spec.decode(value, at);
  const detected = detectFormat(value);
  const hint = detected
    ? `; it looks like ${detected} input: use --input-format ${detected} or auto`
    : '';
  const what =
    format === 'native'
      ? notAuditEventReason(value)
      : `not ${format} input (${describeValue(value)}; ${spec.expected})`;
  return problemResult(at, `${what}${hint}`);
}
