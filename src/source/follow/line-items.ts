import { decodeAuditValue } from '../../decode/index.js';
import type { InputFormat } from '../../schema/audit-event.js';
import type { InputLine } from '../input-lines.js';
import { parseLine } from '../json-values.js';
import { inDocumentOrder } from '../read-audit.js';
import type { SourceEvent, SourceProblem } from '../types.js';

/**
 * The events and problems of one line of a followed file, decoded as `scan` decodes a JSON
 * Lines file. Followed files are read as JSON Lines only: a log being written has no end at
 * which a multi-line document could be parsed.
 */
export class LineItems {
  /** Reasons of records skipped as not audit events, reported the first time each. */
  readonly #skipped = new Set<string>();

  constructor(
    private readonly format: InputFormat | undefined,
    private readonly maxLineBytes: number,
  ) {}

  of(line: InputLine, file: string, lineNumber: number): Array<SourceEvent | SourceProblem> {
    if (line.kind === 'broken') return []; // only streams break; followed files are read by fd
    if (line.kind === 'too-long') {
      const reason = `line of ${size(line.bytes)} is over the ${size(this.maxLineBytes)} limit: not read`;
      return [{ kind: 'problem', file, line: lineNumber, reason }];
    }
    if (!/\S/.test(line.text)) return [];
    const parsed = parseLine(line.text);
    if (!parsed.ok) return [{ kind: 'problem', file, line: lineNumber, reason: parsed.reason }];
    const result = decodeAuditValue(parsed.value, { file, line: lineNumber }, this.format);
    const items = inDocumentOrder(result.events, result.problems);
    const fresh = result.skipped.filter((s) => !this.#skipped.has(s.reason));
    for (const s of fresh) this.#skipped.add(s.reason);
    // Exports mixing in other record kinds would otherwise report one problem per record.
    const firsts = fresh.map((s) => ({
      ...s,
      reason: `${s.reason} (further such records in this file are skipped without a report)`,
    }));
    return firsts.length === 0 ? items : [...items, ...firsts];
  }
}

function size(bytes: number): string {
  const [value, unit] = bytes < 1 << 20 ? [bytes / 1024, 'KiB'] : [bytes / (1 << 20), 'MiB'];
  return `${Math.round(value * 10) / 10} ${unit}`;
}
