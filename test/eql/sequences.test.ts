import { describe, expect, it } from 'vitest';
import { compileEql, type EqlCompileOptions, type EqlDocument } from '../../src/eql/index.js';

type Event = [time: number, doc: EqlDocument, id: string];

/** Pushes events in the given order, then flushes; returns matched item lists and stats. */
function runSequence(query: string, events: Event[], opts: Partial<EqlCompileOptions> = {}) {
  const evaluator = compileEql(query, {
    dialect: 'elastic',
    reorderWindowMs: 0,
    ...opts,
  }).evaluator();
  const matches: unknown[][] = [];
  for (const [time, doc, id] of events)
    for (const m of evaluator.push(doc, time, id)) matches.push(m.items);
  for (const m of evaluator.flush()) matches.push(m.items);
  return { matches, stats: evaluator.stats };
}

const ev = (name: string, extra: EqlDocument = {}): EqlDocument => ({
  process: { name },
  ...extra,
});

describe('EQL sequences', () => {
  const ab = 'sequence [any where process.name == "a"] [any where process.name == "b"]';

  it('matches steps in order', () => {
    expect(
      runSequence(ab, [
        [1, ev('a'), 'a1'],
        [2, ev('b'), 'b2'],
      ]).matches,
    ).toEqual([['a1', 'b2']]);
    expect(
      runSequence(ab, [
        [1, ev('b'), 'b1'],
        [2, ev('a'), 'a2'],
      ]).matches,
    ).toEqual([]);
  });

  it('keeps only the most recent pending sequence per stage (Elasticsearch state machine)', () => {
    const events: Event[] = [
      [1, ev('a'), 'a1'],
      [2, ev('a'), 'a2'],
      [3, ev('b'), 'b3'],
      [4, ev('b'), 'b4'],
    ];
    expect(runSequence(ab, events).matches).toEqual([['a2', 'b3']]);
  });

  it('reproduces the example of the EQL syntax reference', () => {
    const q = `sequence by user.name
      [process where process.name == "attrib"]
      [process where process.name == "bash"]
      [process where process.name == "cat"]`;
    const rows: [string, string][] = [
      ['root', 'attrib'],
      ['root', 'attrib'],
      ['elkbee', 'bash'],
      ['root', 'bash'],
      ['root', 'bash'],
      ['elkbee', 'attrib'],
      ['root', 'attrib'],
      ['elkbee', 'bash'],
      ['root', 'cat'],
      ['elkbee', 'cat'],
      ['root', 'cat'],
    ];
    const events = rows.map(([user, name], i): Event => [
      i + 1,
      { user: { name: user }, process: { name }, event: { category: 'process' } },
      String(i + 1),
    ]);
    expect(runSequence(q, events).matches).toEqual([
      ['2', '4', '9'],
      ['6', '8', '10'],
    ]);
  });

  it('breaks equal timestamps by push order, and needs each step strictly after the previous', () => {
    expect(
      runSequence(ab, [
        [5, ev('a'), 'a'],
        [5, ev('b'), 'b'],
      ]).matches,
    ).toEqual([['a', 'b']]);
    const both = 'sequence [any where x == 1] [any where x == 1]';
    expect(runSequence(both, [[1, { x: 1 }, 'p']]).matches).toEqual([]);
    expect(
      runSequence(both, [
        [1, { x: 1 }, 'p'],
        [1, { x: 1 }, 'q'],
      ]).matches,
    ).toEqual([['p', 'q']]);
  });

  it('applies maxspan inclusively from the first event', () => {
    const q =
      'sequence with maxspan=10s [any where process.name == "a"] [any where process.name == "b"]';
    expect(
      runSequence(q, [
        [0, ev('a'), 'a'],
        [10_000, ev('b'), 'b'],
      ]).matches,
    ).toEqual([['a', 'b']]);
    expect(
      runSequence(q, [
        [0, ev('a'), 'a'],
        [10_001, ev('b'), 'b'],
      ]).matches,
    ).toEqual([]);
    const three =
      'sequence with maxspan=1m [any where x == 1] [any where x == 2] [any where x == 3]';
    const run = runSequence(three, [
      [0, { x: 1 }, '1'],
      [30_000, { x: 2 }, '2'],
      [60_001, { x: 3 }, '3'],
    ]);
    expect(run.matches).toEqual([]);
  });

  it('accepts every maxspan unit', () => {
    for (const [span, ok, late] of [
      ['500ms', 500, 501],
      ['2m', 120_000, 120_001],
      ['1h', 3_600_000, 3_600_001],
      ['1d', 86_400_000, 86_400_001],
    ] as const) {
      const q = `sequence with maxspan=${span} [any where x == 1] [any where x == 2]`;
      expect(
        runSequence(q, [
          [0, { x: 1 }, 'a'],
          [ok, { x: 2 }, 'b'],
        ]).matches,
      ).toHaveLength(1);
      expect(
        runSequence(q, [
          [0, { x: 1 }, 'a'],
          [late, { x: 2 }, 'b'],
        ]).matches,
      ).toHaveLength(0);
    }
  });

  it('joins by sequence and step keys, by value', () => {
    const q = `sequence by user
      [any where x == 1] by pod
      [any where x == 2] by target`;
    const events: Event[] = [
      [1, { user: 'u', x: 1, pod: 'p1' }, 'a'],
      [2, { user: 'v', x: 2, target: 'p1' }, 'wrong-user'],
      [3, { user: 'u', x: 2, target: 'p2' }, 'wrong-pod'],
      [4, { user: 'u', x: 2, target: 'p1' }, 'b'],
    ];
    expect(runSequence(q, events).matches).toEqual([['a', 'b']]);
    const numeric = [
      [1, { user: 'u', x: 1, pod: 1 }, 'a'],
      [2, { user: 'u', x: 2, target: '1' }, 'b'],
    ] as Event[];
    expect(runSequence(q, numeric).matches).toEqual([]);
  });

  it('skips documents without a join key unless the key is optional', () => {
    const q = 'sequence by user [any where x == 1] [any where x == 2]';
    expect(
      runSequence(q, [
        [1, { x: 1 }, 'a'],
        [2, { x: 2 }, 'b'],
      ]).matches,
    ).toEqual([]);
    const optional = 'sequence by ?user [any where x == 1] [any where x == 2]';
    expect(
      runSequence(optional, [
        [1, { x: 1 }, 'a'],
        [2, { x: 2 }, 'b'],
      ]).matches,
    ).toEqual([['a', 'b']]);
  });

  it('until drops pending sequences of its key only', () => {
    const q = 'sequence by id [any where x == "A"] [any where x == "B"] until [any where x == "C"]';
    const events: Event[] = [
      [1, { id: 1, x: 'A' }, '1A'],
      [2, { id: 1, x: 'B' }, '1B'],
      [3, { id: 1, x: 'C' }, '1C'],
      [4, { id: 2, x: 'A' }, '2A'],
      [5, { id: 2, x: 'C' }, '2C'],
      [6, { id: 2, x: 'B' }, '2B'],
      [7, { id: 3, x: 'A' }, '3A'],
      [8, { id: 4, x: 'C' }, '4C'],
      [9, { id: 3, x: 'B' }, '3B'],
    ];
    expect(runSequence(q, events).matches).toEqual([
      ['1A', '1B'],
      ['3A', '3B'],
    ]);
  });

  it('an until event neither starts nor completes a sequence of its key', () => {
    // Found by test/eql/sequence-fuzz.test.ts. Elasticsearch's `Ordinal.between` is inclusive:
    // a sequence whose last event is the until event is rejected at its next step.
    const q =
      'sequence by id [any where x in ("A", "C")] [any where x in ("B", "C")] until [any where x == "C"]';
    const events: Event[] = [
      [1, { id: 1, x: 'C' }, '1C'],
      [2, { id: 1, x: 'B' }, '1B'],
      [3, { id: 2, x: 'A' }, '2A'],
      [4, { id: 2, x: 'C' }, '2C'],
      [5, { id: 2, x: 'A' }, '2A2'],
      [6, { id: 2, x: 'B' }, '2B'],
    ];
    expect(runSequence(q, events).matches).toEqual([['2A2', '2B']]);
  });
  it('expands with runs=N into N steps', () => {
    const q = 'sequence by u [any where x == 1] with runs=3 [any where x == 2]';
    const events: Event[] = [
      [1, { u: 1, x: 1 }, 'a'],
      [2, { u: 1, x: 1 }, 'b'],
      [3, { u: 1, x: 2 }, 'early'],
      [4, { u: 1, x: 1 }, 'c'],
      [5, { u: 1, x: 1 }, 'd'],
      [6, { u: 1, x: 1 }, 'e'],
      [7, { u: 1, x: 2 }, 'z'],
    ];
    expect(runSequence(q, events).matches).toEqual([['c', 'd', 'e', 'z']]);
  });

  it('orders documents that arrive late within the reorder window', () => {
    const events: Event[] = [
      [2_000, ev('b'), 'b'],
      [1_000, ev('a'), 'a'],
      [2_500, ev('x'), 'x'],
    ];
    expect(runSequence(ab, events, { reorderWindowMs: 2_000 }).matches).toEqual([['a', 'b']]);
    const run = runSequence(ab, events, { reorderWindowMs: 0 });
    expect(run.matches).toEqual([]);
    expect(run.stats.lateEvents).toBe(1);
  });

  it('returns event-query matches from push without buffering', () => {
    const evaluator = compileEql('any where x == 1', { dialect: 'elastic' }).evaluator();
    expect(evaluator.push({ x: 1 }, 5, 'now')).toEqual([
      { evidence: expect.any(Array), items: ['now'] },
    ]);
    expect(evaluator.flush()).toEqual([]);
  });

  it('holds matches for ordering until the window passes or flush', () => {
    const evaluator = compileEql(ab, { dialect: 'elastic', reorderWindowMs: 1_000 }).evaluator();
    expect(evaluator.push(ev('a'), 0, 'a')).toEqual([]);
    expect(evaluator.push(ev('b'), 500, 'b')).toEqual([]);
    expect(evaluator.push(ev('zzz'), 1_500, 'z').map((m) => m.items)).toEqual([['a', 'b']]);
    expect(evaluator.push(ev('a'), 1_600, 'a2')).toEqual([]);
    expect(evaluator.push(ev('b'), 1_700, 'b2')).toEqual([]);
    expect(evaluator.flush().map((m) => m.items)).toEqual([['a2', 'b2']]);
  });

  it('bounds the number of join keys and counts what it drops', () => {
    const q = 'sequence by k [any where x == 1] [any where x == 2]';
    const events: Event[] = [];
    for (let k = 0; k < 10; k++) events.push([k, { k, x: 1 }, `a${k}`]);
    for (let k = 0; k < 10; k++) events.push([100 + k, { k, x: 2 }, `b${k}`]);
    const run = runSequence(q, events, { maxSequenceKeys: 4 });
    expect(run.matches).toEqual([
      ['a6', 'b6'],
      ['a7', 'b7'],
      ['a8', 'b8'],
      ['a9', 'b9'],
    ]);
    expect(run.stats.droppedPartials).toBe(6);
  });

  it('forgets partials older than maxspan as time advances', () => {
    const q = 'sequence by k with maxspan=1s [any where x == 1] [any where x == 2]';
    const evaluator = compileEql(q, {
      dialect: 'elastic',
      reorderWindowMs: 0,
    }).evaluator() as unknown as {
      push(d: EqlDocument, t: number, i: unknown): unknown[];
      held: { buffered: number; keys: number };
    };
    for (let k = 0; k < 100; k++) evaluator.push({ k, x: 1 }, k * 10, k);
    expect(evaluator.held.keys).toBe(100);
    evaluator.push({ x: 3 }, 5_000, 'tick');
    evaluator.push({ k: 'late', x: 1 }, 5_000, 'fresh');
    expect(evaluator.held.keys).toBe(1);
  });

  it('bounds the reorder buffer', () => {
    const evaluator = compileEql(ab, {
      dialect: 'elastic',
      reorderWindowMs: 1e12,
    }).evaluator() as unknown as {
      push(d: EqlDocument, t: number, i: unknown): unknown[];
      held: { buffered: number; keys: number };
    };
    for (let i = 0; i < 50_010; i++) evaluator.push(ev('a'), i, i);
    expect(evaluator.held.buffered).toBe(50_000);
  });

  it('concatenates evidence of every step', () => {
    const evaluator = compileEql(ab, { dialect: 'elastic', reorderWindowMs: 0 }).evaluator();
    evaluator.push(ev('a'), 1, 'a');
    const [m] = evaluator.push(ev('b'), 2, 'b');
    expect(m?.evidence).toEqual([
      { field: 'process.name', condition: '== "a"', value: 'a' },
      { field: 'process.name', condition: '== "b"', value: 'b' },
    ]);
  });

  it('treats unknown times as the latest time seen', () => {
    expect(
      runSequence(ab, [
        [10, ev('a'), 'a'],
        [Number.NaN, ev('b'), 'b'],
      ]).matches,
    ).toEqual([['a', 'b']]);
  });
});
