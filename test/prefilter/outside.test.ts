import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAuditValue } from '../../src/decode/index.js';
import { normalize } from '../../src/normalize/index.js';
import { buildPrefilter, type LinePrefilter } from '../../src/prefilter/index.js';
import type { InputFormat } from '../../src/schema/audit-event.js';
import { loadRulePaths } from '../../src/sigma/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { ruleSet } = loadRulePaths([join(ROOT, 'rules')], { strict: true });
const prefilter = buildPrefilter(ruleSet.witnesses(), { followUps: true })!;

function passes(p: LinePrefilter, line: string): boolean {
  return p.test(Buffer.from(line));
}

/** Whether any rule matches an event read from the line, as `scan --no-prefilter` reads it. */
function matches(line: string, format: InputFormat = 'auto'): boolean {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return false;
  }
  const decoded = decodeAuditValue(value, { file: 't', line: 1 }, format);
  return decoded.events.some((e) => ruleSet.test(normalize(e.event).document).length > 0);
}

/** A service account reading a config map: only the source-address rule can care. */
function read(extra: string): string {
  return (
    '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1",' +
    '"stage":"ResponseComplete","requestURI":"/api/v1/namespaces/ci/configmaps/x","verb":"get",' +
    '"user":{"username":"system:serviceaccount:ci:bot","groups":["system:serviceaccounts"]}' +
    `${extra},"objectRef":{"resource":"configmaps","namespace":"ci","name":"x"}}`
  );
}

describe('prefilter on a negated source-address filter', () => {
  it('skips service-account requests from private addresses, natively written', () => {
    for (const ips of ['"10.1.2.3"', '"fd00::7"', '"::ffff:192.168.1.1"', '"8.8.8.8","10.0.0.1"']) {
      const line = read(`,"sourceIPs":[${ips}]`);
      expect(matches(line), line).toBe(false);
      expect(passes(prefilter, line), line).toBe(false);
    }
  });

  it('lets through what the rule matches or the line cannot settle', () => {
    const lines = [
      read(',"sourceIPs":["203.0.113.9"]'),
      read(''),
      read(',"sourceIPs":[]'),
      read(',"sourceIPs":[42]'),
      read(',"sourceIPs":["not-an-address"]'),
      // The last of duplicate keys is the one the rules see.
      read(',"sourceIPs":["10.0.0.1"],"sourceIPs":["203.0.113.9"]'),
      // An escaped key is the same key to JSON.parse; the reader refuses to guess.
      read(',"sourceIPs":["10.0.0.1"],"source\\u0049Ps":["203.0.113.9"]'),
      // A private address elsewhere in the event proves nothing about the request's source.
      read(',"sourceIPs":["203.0.113.9"],"requestObject":{"sourceIPs":["10.0.0.1"]}'),
    ];
    for (const line of lines) {
      expect(matches(line), line).toBe(true);
      expect(passes(prefilter, line), line).toBe(true);
    }
    const unsettled = [
      read(',"sourceIPs":["10.0.0.1"]').replace('"Event"', '"Ev\\u0065nt"'),
      read(',"sourceIPs":["10.0.0.1"]').replace('"kind":"Event",', ''),
    ];
    for (const line of unsettled) expect(passes(prefilter, line), line).toBe(true);
  });

  it('does not read other exports, nor native lines when another format is forced', () => {
    const native = read(',"sourceIPs":["10.0.0.1"]');
    const eks = JSON.stringify({
      message: native,
      timestamp: 1,
      logStreamName: 'kube-apiserver-audit-1',
    });
    expect(passes(prefilter, eks)).toBe(true);
    const forced = buildPrefilter(ruleSet.witnesses(), { followUps: true, inputFormat: 'eks' })!;
    expect(passes(forced, native)).toBe(true);
    expect(passes(forced, read(',"sourceIPs":["203.0.113.9"]'))).toBe(true);
  });

  it('never skips a line whose event a rule matches', () => {
    const address = fc.oneof(
      fc.constantFrom('10.0.0.1', '172.31.255.1', '192.168.0.1', '100.64.1.1', '127.0.0.1'),
      fc.constantFrom('169.254.1.1', 'fc00::1', 'fe80::1', '::1', '::ffff:10.0.0.1'),
      fc.constantFrom('8.8.8.8', '203.0.113.9', '2001:db8::1', '172.32.0.1', '', 'x'),
      fc.ipV4(),
      fc.ipV6(),
    );
    const sourceValue = fc.oneof(
      fc.array(address, { maxLength: 3 }).map((a) => JSON.stringify(a)),
      address.map((a) => JSON.stringify(a)),
      fc.constantFrom('null', '7', '[["10.0.0.1"]]', '{"ip":"10.0.0.1"}'),
    );
    const member = fc.oneof(
      sourceValue.map((v) => `,"sourceIPs":${v}`),
      sourceValue.map((v) => `, "sourceIPs" : ${v} `),
      sourceValue.map((v) => `,"requestObject":{"sourceIPs":${v}}`),
      sourceValue.map((v) => `,"source\\u0049Ps":${v}`),
      fc.constantFrom(',"kind":"EventList"', ',"kind":"Event"', ',"apiVersion":"v1"', ''),
      // With kind EventList the events are the items, whatever the top level says.
      fc.constant(`,"items":[${read(',"sourceIPs":["203.0.113.9"]')}]`),
    );
    fc.assert(
      fc.property(fc.array(member, { maxLength: 4 }), (members) => {
        const line = read(members.join(''));
        if (matches(line)) expect(passes(prefilter, line), line).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
