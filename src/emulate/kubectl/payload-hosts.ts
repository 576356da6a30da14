import { isRecord } from '../json.js';
import type { Scenario } from '../types.js';

export interface PayloadHosts {
  /** RFC 5737 documentation addresses: unroutable, nothing answers unless you route them. */
  documentation: string[];
  /** Private, loopback and wildcard addresses: scans and listeners inside the test network. */
  privateIps: string[];
  /** Any other IPv4 address: a real host on the internet. */
  publicIps: string[];
  /** Host names in payloads: these resolve, and some (mining pools) are real services. */
  names: string[];
}

const DOC_RANGES = ['192.0.2.', '198.51.100.', '203.0.113.'];
const PRIVATE = /^(10\.|127\.|0\.0\.0\.0$|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
// A host name only where something connects to it: after `scheme://`, or before `:port`.
const HOST =
  /(?:[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([a-z0-9.-]+))|\b((?:[a-z0-9-]+\.)+[a-z]{2,}):\d+/gi;
// Cluster-internal names go nowhere outside.
const INTERNAL = /\.(local|internal|svc)$/i;

/** Strings a container executes or is configured with: command, args, env values. */
function payloadStrings(value: unknown, out: string[], inPayload = false): void {
  if (typeof value === 'string') {
    if (inPayload) out.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => payloadStrings(v, out, inPayload));
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value))
      payloadStrings(v, out, inPayload || k === 'command' || k === 'args' || k === 'env');
}

/** The addresses the selected scenarios' payloads would connect to. */
export function payloadHosts(scenarios: Scenario[]): PayloadHosts {
  const strings: string[] = [];
  for (const scenario of scenarios)
    for (const step of scenario.steps) {
      payloadStrings(step.object, strings);
      payloadStrings(step.patch?.body, strings);
    }
  const documentation = new Set<string>();
  const privateIps = new Set<string>();
  const publicIps = new Set<string>();
  const names = new Set<string>();
  for (const s of strings) {
    for (const [ip] of s.matchAll(IPV4))
      (DOC_RANGES.some((r) => ip.startsWith(r))
        ? documentation
        : PRIVATE.test(ip)
          ? privateIps
          : publicIps
      ).add(ip);
    for (const match of s.matchAll(HOST)) {
      const host = (match[1] ?? match[2] ?? '').toLowerCase();
      if (/[a-z]/.test(host) && host.includes('.') && !INTERNAL.test(host)) names.add(host);
    }
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    documentation: sorted(documentation),
    privateIps: sorted(privateIps),
    publicIps: sorted(publicIps),
    names: sorted(names),
  };
}
