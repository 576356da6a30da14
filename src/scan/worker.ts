import { createReadStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { compileExceptions } from '../config/exceptions.js';
import { DetectionEngine, type Assessment } from '../detect/engine.js';
import { buildPrefilter, type LinePrefilter } from '../prefilter/index.js';
// Not sigma/index.js: that brings the YAML parser, which a worker never needs.
import { compileRules } from '../sigma/load/assemble.js';
import { CHUNK_BYTES } from '../source/input-lines.js';
import { readAuditStream } from '../source/read-audit.js';
import type { SourceProblem } from '../source/types.js';
import type {
  MainMessage,
  ScanTask,
  TaskDone,
  WorkerInit,
  WorkerMessage,
  WorkerRecord,
} from './messages.js';

/*
 * A scan worker: reads the byte ranges it is given, parses and assesses their events with the
 * same rules as the main thread, and posts back compact records. Everything stateful (stage
 * de-duplication, follow-up linking, alerts) stays with the main thread, which sees every
 * event of every range in input order.
 */

/** The main thread's detection, compiled in this thread from its init. */
interface Scanner {
  init: WorkerInit;
  engine: DetectionEngine;
  prefilter: LinePrefilter | null;
}

function setUp(init: WorkerInit): Scanner {
  const load = compileRules(init.rules);
  const exceptions = compileExceptions(init.exceptions, new Date(init.now));
  // Built once per thread (compiling the needle set is not free); counters are read per task.
  const prefilter = init.prefilter
    ? buildPrefilter(load.ruleSet.witnesses(), { followUps: true, inputFormat: init.inputFormat })
    : null;
  return { init, engine: new DetectionEngine(load.ruleSet, exceptions), prefilter };
}

const BATCH = 2000;

/** `file` names the task's input in a problem about a record that could not be sent. */
function post(message: WorkerMessage, file = ''): void {
  try {
    parentPort!.postMessage(message);
  } catch (e) {
    if (message.kind !== 'records') throw e;
    // One record that cannot be cloned must not lose the batch: send the others, and say so.
    for (const record of message.records) {
      try {
        parentPort!.postMessage({ ...message, records: [record] });
      } catch (failure) {
        const line = record.kind === 'event' ? record.line : record.problem.line;
        const problem = {
          kind: 'problem' as const,
          file,
          line,
          reason: `could not be passed between threads: ${(failure as Error).message}`,
        };
        parentPort!.postMessage({ ...message, records: [{ kind: 'problem', problem }] });
      }
    }
  }
}

function isEmpty(a: Assessment): boolean {
  return a.matches.length === 0 && a.suppressed.length === 0 && !a.link && a.problems.length === 0;
}

async function run({ init, engine, prefilter }: Scanner, task: ScanTask): Promise<void> {
  const before = prefilter ? { ...prefilter.stats } : null;
  const range =
    task.end === null
      ? { highWaterMark: CHUNK_BYTES }
      : { start: task.start, end: task.end - 1, highWaterMark: CHUNK_BYTES };
  // One entry per kind of non-audit record, however many there are (an export can be mostly them).
  const skipped = new Map<string, { first: SourceProblem; count: number }>();
  const skip = (p: SourceProblem): void => {
    const seen = skipped.get(p.reason);
    if (seen) seen.count++;
    else skipped.set(p.reason, { first: p, count: 1 });
  };
  let records: WorkerRecord[] = [];
  const stream = createReadStream(task.file, range);
  const items = readAuditStream(
    stream,
    task.file,
    { format: init.inputFormat },
    { prefilter, knownLines: task.knownLines, onSkipped: skip },
  );
  for await (const item of items) {
    if (item.kind === 'event') {
      const assessment = engine.assess(item);
      const record: WorkerRecord = {
        kind: 'event',
        line: item.line,
        format: item.format,
        auditID: typeof item.event.auditID === 'string' ? item.event.auditID : null,
        stage: typeof item.event.stage === 'string' ? item.event.stage : null,
        assessment: isEmpty(assessment) ? null : assessment,
      };
      if (item.path !== undefined) record.path = item.path;
      records.push(record);
    } else if (item.kind === 'problem') {
      records.push({ kind: 'problem', problem: item });
    } else {
      const done: TaskDone = {
        bytes: item.bytes,
        events: item.events,
        problems: item.problems,
        lines: item.lines ?? 0,
        skippedLines: item.skippedLines ?? null,
        format: item.format,
        skipped: [...skipped.values()],
        prefilter:
          prefilter && before
            ? {
                anchorLines: prefilter.stats.anchorLines - before.anchorLines,
                passed: prefilter.stats.passed - before.passed,
              }
            : null,
      };
      if (records.length > 0) post({ kind: 'records', id: task.id, records }, task.file);
      post({ kind: 'done', id: task.id, done });
      return;
    }
    if (records.length >= BATCH) {
      post({ kind: 'records', id: task.id, records }, task.file);
      records = [];
    }
  }
}

// Started before the main thread has the rules: this module loads meanwhile, the init follows.
let scanner: Scanner | null = null;
parentPort!.on('message', (m: MainMessage) => {
  if (m.kind === 'init') {
    scanner = setUp(m.init);
    return;
  }
  const { task } = m;
  run(scanner!, task).catch((e: unknown) =>
    post({ kind: 'failed', id: task.id, message: (e as Error).message }),
  );
});
