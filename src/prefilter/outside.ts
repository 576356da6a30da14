import { cidrContains, type Network } from '../sigma/modifiers/cidr.js';
import type { Probe } from './formula.js';
import { TopLevelReader } from './top-level.js';

/**
 * Top-level members of an audit.k8s.io Event that reach the rules unchanged when the event is
 * read as native: the decoder hands the parsed object on as it is, and the normalizer only adds
 * `action`, `actor` and `workload` beside them.
 */
const NATIVE_TOP_LEVEL = new Set(['sourceIPs', 'userAgent', 'requestURI', 'verb', 'level']);

// What makes every format detection read a line as one native event (decode/native.ts):
// `kind: Event` rules out an EventList, and three strings make it an audit event. Unlike
// `apiVersion`, none of these keys recurs in `objectRef`, so the reader can usually stop early.
const KEYS = ['kind', 'auditID', 'verb', 'stage'];
const EVENT = Buffer.from('"Event"');

/**
 * Whether no value of `field` may be an address in `networks`, decided from the line: false
 * only for a native audit event (`kind: Event` with string `auditID`, `verb` and `stage`, so
 * every format detection reads it as one) whose `field` holds an address in them. Other
 * exports keep the source address elsewhere (GKE `callerIp`, AKS and EKS inside an embedded
 * string), so their lines always may. Null when the field is not one a native event carries at
 * its top level.
 */
export function outsideProbe(field: string, networks: readonly Network[]): Probe | null {
  if (!NATIVE_TOP_LEVEL.has(field)) return null;
  const keys = KEYS.includes(field) ? KEYS : [...KEYS, field];
  const reader = new TopLevelReader(keys);
  const spans = reader.spans;
  const at = keys.indexOf(field) * 2;
  const texts = networks.map((n) => n.text).join(', ');
  return {
    key: `outside:${field}:${texts}`,
    text: `${field} not in ${texts}`,
    mayHold(line) {
      if (!reader.read(line) || !isNativeEvent(line, spans)) return true;
      const start = spans[at]!;
      if (start < 0) return true;
      let value: unknown;
      try {
        value = JSON.parse(line.toString('utf8', start, spans[at + 1]!));
      } catch {
        return true;
      }
      // Only what the field path surely yields: the string, or the array's string elements.
      const leaves = Array.isArray(value) ? value : [value];
      for (const leaf of leaves) {
        if (typeof leaf !== 'string') continue;
        for (const net of networks) if (cidrContains(net, leaf)) return false;
      }
      return true;
    },
  };
}

function isNativeEvent(line: Buffer, spans: Int32Array): boolean {
  const kindAt = spans[0]!;
  if (kindAt < 0 || spans[1]! - kindAt !== EVENT.length) return false;
  if (line.compare(EVENT, 0, EVENT.length, kindAt, kindAt + EVENT.length) !== 0) return false;
  // auditID, verb and stage must be strings.
  for (let k = 1; k < KEYS.length; k++)
    if (spans[k * 2]! < 0 || line[spans[k * 2]!] !== 0x22) return false;
  return true;
}
