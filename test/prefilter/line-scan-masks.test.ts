import { describe, expect, it } from 'vitest';
import {
  compileNeedleSet,
  irregularLine,
  scanLines,
  type CompileOptions,
  type NeedleSetSpec,
} from '../../src/prefilter/line-scan.js';
import { IMPLS, scanAll } from './line-scan-impls.js';

const SPEC: NeedleSetSpec = { needles: [], escapedChars: '', kelvin: false, dottedI: false };

/** Each reported line as its text followed by the rest of its record after the offsets. */
function report(options: CompileOptions, spec: Partial<NeedleSetSpec>, text: string) {
  const buf = Buffer.from(text, 'latin1');
  const set = compileNeedleSet({ ...SPEC, ...spec }, options);
  return scanAll(set, buf).map(([s, e, , ...mask]) => [buf.toString('latin1', s, e), ...mask]);
}

const VERBS = ['pods', 'get', 'allow', 'jobs'];

/** Irregular lines, and lines the check must leave alone, one per line. */
const SHAPES = [
  ['{"a":1}', false],
  ['{"a":1}\r', false],
  ['', false],
  ['\r', false],
  ['{}', false],
  ['{"a":1', true],
  ['"a":1}', true],
  ['{', true],
  ['}', true],
  ['{\r', true],
  [' {}', true],
  ['{} ', true],
  ['{}\r\r', true],
  ['\r\r', true],
  ['x', true],
] as const;

describe.each(IMPLS)('scanLines options ($name)', ({ options }) => {
  it('reports lines holding a reporting needle, with every needle of the line in the mask', () => {
    const text = 'get allow\nGET pods allow\njobs\nallow get\nnothing\nPoDs';
    const spec = { needles: VERBS, reportNeedles: [0, 3], masks: true };
    expect(report(options, spec, text)).toEqual([
      ['GET pods allow', 0b0111, 0],
      ['jobs', 0b1000, 0],
      ['PoDs', 0b0001, 0],
    ]);
    expect(report(options, { ...spec, masks: false }, text)).toEqual([
      ['GET pods allow'],
      ['jobs'],
      ['PoDs'],
    ]);
    // Without reportNeedles every needle reports, as before.
    expect(report(options, { needles: VERBS, masks: true }, text)).toHaveLength(5);
  });

  it('gives a line marked by an escape its mask, even with no reporting needle', () => {
    const text = 'get \\u0070ods\npods get\nk\xe2\x84\xaa allow';
    const spec = { needles: VERBS, reportNeedles: [], masks: true, escapedChars: 'p' };
    expect(report(options, { ...spec, kelvin: true }, text)).toEqual([
      ['get \\u0070ods', 0b0010, 0],
      ['k\xe2\x84\xaa allow', 0b0100, 0],
    ]);
  });

  it('fills the high half of the mask from needle 32 on, up to needle 63', () => {
    const needles = Array.from({ length: 64 }, (_, i) => `<${i}>`);
    const text = '<0> <63>\n<31><32>\n<33>\n<5>';
    const spec = { needles, reportNeedles: [0, 31, 63], masks: true };
    expect(report(options, spec, text)).toEqual([
      ['<0> <63>', 1, 2 ** 31],
      ['<31><32>', 2 ** 31, 1],
    ]);
  });

  it('reports non-empty lines not shaped {...}, one trailing CR aside, with their mask', () => {
    const text = SHAPES.map(([line]) => line).join('\n');
    const irregular = SHAPES.filter(([, bad]) => bad).map(([line]) => [line]);
    expect(report(options, { irregular: true }, text)).toEqual(irregular);
    expect(report(options, { irregular: true }, `${text}\n`)).toEqual(irregular);
    expect(report(options, {}, text)).toEqual([]);
    const spec = { needles: ['"a"', 'jobs'], reportNeedles: [1], masks: true, irregular: true };
    expect(report(options, spec, '{"a":1}\n{"a":2\njobs "a"}\r\n{jobs}')).toEqual([
      ['{"a":2', 0b01, 0],
      ['jobs "a"}\r', 0b11, 0],
      ['{jobs}', 0b10, 0],
    ]);
  });

  it('takes the region edges as line edges for the shape check', () => {
    const buf = Buffer.from('{"a":1}\n{"b":2}\n{"c":3}', 'latin1');
    const set = compileNeedleSet({ ...SPEC, irregular: true }, options);
    expect(scanAll(set, buf)).toEqual([]);
    expect(scanAll(set, buf, 1)).toEqual([[1, 7, 0]]);
    expect(scanAll(set, buf, 0, 14)).toEqual([[8, 14, 1]]);
    expect(scanAll(set, buf, 8, 16)).toEqual([]);
    expect(scanAll(set, buf, 16, 22)).toEqual([[16, 22, 0]]);
    expect(scanAll(set, buf, 9, 9)).toEqual([]);
  });

  it('finds irregular lines between long regular ones, in order with needle hits', () => {
    const object = `{"x":"${'y'.repeat(100)}"}`;
    const lines = [object, 'cut', object, `${object}pods`, '{"pods"', object, `{${'z'.repeat(70)}`];
    const buf = Buffer.from(lines.join('\n'), 'latin1');
    const set = compileNeedleSet({ ...SPEC, needles: ['pods'], irregular: true }, options);
    const starts = lines.map((_, i) => lines.slice(0, i).join('\n').length + (i ? 1 : 0));
    const want = [1, 3, 4, 6].map((i) => [starts[i]!, starts[i]! + lines[i]!.length, i]);
    expect(scanAll(set, buf)).toEqual(want);
    expect(scanAll(set, buf, 0, buf.length, 1)).toEqual(want);
  });

  it('stops when out has no room for another 5-value record, resuming at the next line', () => {
    const buf = Buffer.from('x\n{}\ny\njobs\n', 'latin1');
    const spec = { ...SPEC, needles: VERBS, masks: true, irregular: true };
    const set = compileNeedleSet(spec, options);
    expect(set.stride).toBe(5);
    // Room for one record and most of another.
    const out = new Uint32Array(9);
    expect(scanLines(set, buf, 0, buf.length, out)).toEqual({ lines: 1, resumeAt: 2, newlines: 1 });
    expect(Array.from(out.subarray(0, 5))).toEqual([0, 1, 0, 0, 0]);
    expect(scanLines(set, buf, 2, buf.length, out)).toEqual({ lines: 1, resumeAt: 7, newlines: 2 });
    expect(Array.from(out.subarray(0, 5))).toEqual([5, 6, 1, 0, 0]);
    expect(scanLines(set, buf, 7, buf.length, out)).toEqual({
      lines: 1,
      resumeAt: 12,
      newlines: 1,
    });
    expect(Array.from(out.subarray(0, 5))).toEqual([7, 11, 0, 0b1000, 0]);
    expect(() => scanLines(set, buf, 0, buf.length, new Uint32Array(4))).toThrow(RangeError);
  });
});

it('irregularLine tells the lines irregular reports for their shape', () => {
  for (const [line, bad] of SHAPES) {
    const buf = Buffer.from(`x${line}y`, 'latin1');
    expect(irregularLine(buf, 1, buf.length - 1)).toBe(bad);
  }
});

describe('compileNeedleSet options', () => {
  const needles = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

  it('refuses masks of more than 64 needles, and reportNeedles that are not needle indexes', () => {
    for (const { options } of IMPLS) {
      expect(() =>
        compileNeedleSet({ ...SPEC, needles: needles(65), masks: true }, options),
      ).toThrow(RangeError);
      expect(compileNeedleSet({ ...SPEC, needles: needles(64), masks: true }, options).stride).toBe(
        5,
      );
      expect(compileNeedleSet({ ...SPEC, needles: needles(65) }, options).stride).toBe(3);
      for (const bad of [-1, 1.5, 3, NaN])
        expect(() =>
          compileNeedleSet({ ...SPEC, needles: needles(3), reportNeedles: [0, bad] }, options),
        ).toThrow(RangeError);
    }
  });
});
