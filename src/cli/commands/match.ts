import {
  decodeAuditValue,
  decodeEach,
  detectFormat,
  isAuditEvent,
  isEventList,
  type DispatchResult,
} from '../../decode/index.js';
import { normalize } from '../../normalize/index.js';
import type { AuditEvent } from '../../schema/audit-event.js';
import { formatDiagnostic, loadRulePaths } from '../../sigma/index.js';
import { readAuditEvents } from '../../source/read-audit.js';
import type { SourcePosition } from '../../source/types.js';

export interface MatchOptions {
  rules: string[];
  strict?: boolean;
  failOnMatch?: boolean;
  maxErrors: number;
}

/**
 * Evaluates Sigma rules over JSON events and prints one JSON line per match with its evidence.
 * Input is read like `scan` reads it (files, directories, gzip, every export format).
 * Exit codes: 0 done, 1 a match under --fail-on-match, 2 rule load errors under --strict or
 * unreadable input.
 */
export async function matchEvents(files: string[], opts: MatchOptions): Promise<number> {
  const load = loadRulePaths(opts.rules);
  for (const d of load.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const loadErrors = load.diagnostics.filter((d) => d.severity === 'error').length;
  if (opts.strict && loadErrors > 0) return 2;
  let events = 0;
  let matches = 0;
  let badLines = 0;
  let unreadable = false;
  const skip = (where: string, reason: string): void => {
    badLines++;
    if (badLines <= opts.maxErrors) process.stderr.write(`${where}: skipped: ${reason}\n`);
  };
  for await (const rec of readAuditEvents(files, {}, { decode: anyJsonEvents })) {
    if (rec.kind === 'file-done') continue;
    const where = `${rec.file}:${rec.line}${rec.path ? ` ${rec.path}` : ''}`;
    if (rec.kind === 'problem') {
      // Line 0: the input could not be read at all, which the exit status must not hide.
      if (rec.line === 0) {
        unreadable = true;
        process.stderr.write(`${rec.file}: ${rec.reason}\n`);
      } else skip(where, rec.reason);
      continue;
    }
    events++;
    let matched;
    try {
      // Audit events get the derived facts (docs/fields.md) the built-in rules read; any other
      // JSON is evaluated as it is.
      const doc = isAuditEvent(rec.event) ? normalize(rec.event).document : rec.event;
      matched = load.ruleSet.match(doc);
    } catch (e) {
      // One poisoned event must not hide the events after it.
      skip(where, `evaluation failed: ${(e as Error).message}`);
      continue;
    }
    for (const m of matched) {
      matches++;
      const out = {
        file: rec.file,
        line: rec.line,
        ...(rec.path ? { path: rec.path } : {}),
        auditID: auditId(rec.event),
        rule: { id: m.rule.id, title: m.rule.title, level: m.rule.level, tags: m.rule.tags },
        selections: m.selections,
        evidence: m.evidence,
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
    }
  }
  if (badLines > opts.maxErrors)
    process.stderr.write(`… ${badLines - opts.maxErrors} more bad lines not shown\n`);
  process.stderr.write(
    `${events} events, ${matches} matches, ${badLines} bad lines skipped, ${load.rules.length} rules (${loadErrors} failed to load)\n`,
  );
  if (unreadable) return 2;
  return opts.failOnMatch && matches > 0 ? 1 : 0;
}

/**
 * `match` is for trying rules on any JSON, so a value of no known export format is evaluated as
 * it is rather than refused; EKS, GKE, AKS and Elastic exports are converted as `scan` does.
 */
function anyJsonEvents(value: unknown, at: SourcePosition): DispatchResult {
  if (Array.isArray(value)) return { ...decodeEach(value, at, '', anyJsonEvents), format: null };
  if (isEventList(value))
    return { ...decodeEach(value.items, at, '.items', anyJsonEvents), format: null };
  const format = detectFormat(value);
  if (format !== null) return decodeAuditValue(value, at, format);
  const event = value as AuditEvent;
  return {
    events: [{ kind: 'event', ...at, event, format: 'native' }],
    problems: [],
    skipped: [],
    format,
  };
}

function auditId(event: unknown): string | undefined {
  if (event !== null && typeof event === 'object' && 'auditID' in event) {
    const id = (event as { auditID: unknown }).auditID;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}
