import { describe, expect, it } from 'vitest';
import { StageDeduper } from '../../src/detect/stage-dedupe.js';

const at = (auditID: string | null, stage: string, item: string) => ({ auditID, stage, item });

describe('StageDeduper', () => {
  it('evaluates a request once, on its final stage', () => {
    const d = new StageDeduper<string>();
    expect(d.push(at('a', 'RequestReceived', 'a0'))).toEqual([]);
    expect(d.push(at('a', 'ResponseComplete', 'a2'))).toEqual(['a2']);
    expect(d.push(at('a', 'RequestReceived', 'late'))).toEqual([]);
    expect(d.push(at('a', 'ResponseComplete', 'again'))).toEqual([]);
    expect(d.flush()).toEqual([]);
    expect(d.stats).toEqual({ supersededStages: 2, duplicates: 1, incomplete: 0 });
  });

  it('keeps the most complete of several partial stages and evaluates it at the end', () => {
    const d = new StageDeduper<string>();
    d.push(at('x', 'RequestReceived', 'x0'));
    d.push(at('x', 'ResponseStarted', 'x1'));
    d.push(at('x', 'RequestReceived', 'x0-dup'));
    expect(d.flush()).toEqual(['x1']);
    expect(d.stats.incomplete).toBe(1);
  });

  it('passes events without an auditID straight through', () => {
    const d = new StageDeduper<string>();
    expect(d.push(at(null, 'ResponseComplete', 'n'))).toEqual(['n']);
    expect(d.push(at(null, 'ResponseComplete', 'n'))).toEqual(['n']);
  });

  it('treats Panic and unknown stages as final', () => {
    const d = new StageDeduper<string>();
    d.push(at('p', 'RequestReceived', 'p0'));
    expect(d.push(at('p', 'Panic', 'p!'))).toEqual(['p!']);
    expect(d.push(at('q', 'SomethingNew', 'q'))).toEqual(['q']);
  });

  it('evaluates the oldest waiting request when the waiting room is full, never dropping it', () => {
    const d = new StageDeduper<string>(2);
    d.push(at('1', 'RequestReceived', 'one'));
    d.push(at('2', 'RequestReceived', 'two'));
    expect(d.push(at('3', 'RequestReceived', 'three'))).toEqual(['one']);
    expect(d.push(at('1', 'ResponseComplete', 'one-final'))).toEqual([]);
    expect(d.flush()).toEqual(['two', 'three']);
  });

  it('can judge a long-running request when it starts (the live service)', () => {
    const d = new StageDeduper<string>(undefined, undefined, true);
    expect(d.push(at('exec', 'RequestReceived', 'e0'))).toEqual([]);
    expect(d.push(at('exec', 'ResponseStarted', 'e1'))).toEqual(['e1']);
    // The session's end adds nothing the rules need: it is not judged twice.
    expect(d.push(at('exec', 'ResponseComplete', 'e2'))).toEqual([]);
    expect(d.flush()).toEqual([]);
    expect(d.stats).toEqual({ supersededStages: 1, duplicates: 1, incomplete: 0 });
  });
});
