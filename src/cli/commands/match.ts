import { formatDiagnostic, loadRulePaths } from '../../sigma/index.js';
import { readJsonEvents } from '../../source/json-events.js';

export interface MatchOptions {
  rules: string[];
  strict?: boolean;
  failOnMatch?: boolean;
  maxErrors: number;
}

/**
 * Evaluates Sigma rules over JSON events and prints one JSON line per match with its evidence.
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
  for (const file of files) {
    try {
      for await (const rec of readJsonEvents(file)) {
        if (rec.kind === 'error') {
          badLines++;
          if (badLines <= opts.maxErrors)
            process.stderr.write(`${rec.file}:${rec.line}: skipped: ${rec.reason}\n`);
          continue;
        }
        events++;
        let matched;
        try {
          matched = load.ruleSet.match(rec.event);
        } catch (e) {
          // One poisoned event must not hide the events after it.
          badLines++;
          if (badLines <= opts.maxErrors) {
            process.stderr.write(
              `${rec.file}:${rec.line}: skipped: evaluation failed: ${(e as Error).message}\n`,
            );
          }
          continue;
        }
        for (const m of matched) {
          matches++;
          const out = {
            file: rec.file,
            line: rec.line,
            auditID: auditId(rec.event),
            rule: { id: m.rule.id, title: m.rule.title, level: m.rule.level, tags: m.rule.tags },
            selections: m.selections,
            evidence: m.evidence,
          };
          process.stdout.write(`${JSON.stringify(out)}\n`);
        }
      }
    } catch (e) {
      process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
      return 2;
    }
  }
  if (badLines > opts.maxErrors)
    process.stderr.write(`… ${badLines - opts.maxErrors} more bad lines not shown\n`);
  process.stderr.write(
    `${events} events, ${matches} matches, ${badLines} bad lines skipped, ${load.rules.length} rules (${loadErrors} failed to load)\n`,
  );
  return opts.failOnMatch && matches > 0 ? 1 : 0;
}

function auditId(event: unknown): string | undefined {
  if (event !== null && typeof event === 'object' && 'auditID' in event) {
    const id = (event as { auditID: unknown }).auditID;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}
