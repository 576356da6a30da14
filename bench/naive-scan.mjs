// The naive baseline of bench/scan-bench.mjs: what a quick script does with the reference
// Elastic query (queries/reference.eql). readline over the file, JSON.parse of every line, the
// query's resource and verb tests, then its patterns as JavaScript regexes over the raw line
// (Elasticsearch's `message`), searched anywhere with (?i) honoured.
//
// Usage: node bench/naive-scan.mjs FILE   (matches as {"auditID"} lines on stdout)

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const RESOURCES = new Set(['cronjobs', 'jobs']);
const VERBS = new Set(['create', 'update', 'patch']);
const PATTERNS = [
  /(alpine|busybox|ubuntu|debian|kali|python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget)/i,
  /(bash -i|\/dev\/tcp|mkfifo|socat|base64 -d|chmod \+x)/i,
  /hostpath/i,
  /privileged.*true/,
  /hostNetwork.*true/,
  /\/var\/run\/docker\.sock|\/proc|\/sys/,
];

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/naive-scan.mjs FILE\n');
  process.exit(2);
}
let lines = 0;
let matches = 0;
let out = '';
const lineReader = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
for await (const line of lineReader) {
  lines++;
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    continue;
  }
  const resource = event?.objectRef?.resource;
  const verb = event?.verb;
  if (typeof resource !== 'string' || !RESOURCES.has(resource.toLowerCase())) continue;
  if (typeof verb !== 'string' || !VERBS.has(verb.toLowerCase())) continue;
  if (!PATTERNS.some((p) => p.test(line))) continue;
  matches++;
  out += `${JSON.stringify({ auditID: event.auditID ?? null })}\n`;
  if (out.length > 1 << 16) {
    process.stdout.write(out);
    out = '';
  }
}
process.stdout.write(out);
process.stderr.write(`naive-scan: ${matches} match(es) in ${lines} line(s)\n`);
