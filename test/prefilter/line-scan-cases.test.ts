import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileNeedleSet,
  scanLines,
  type CompileOptions,
  type NeedleSetSpec,
} from '../../src/prefilter/line-scan.js';
import { IMPLS, scanAll } from './line-scan-impls.js';
import { referenceLines } from './line-scan-reference.js';

const SPEC: NeedleSetSpec = { needles: [], escapedChars: '', kelvin: false, dottedI: false };
const AUDIT_SPEC = { escapedChars: 'sS', kelvin: true, dottedI: true };

/** The audit sample three times, with two lines of 140 KB, a truncated line and garbage. */
const SAMPLE = readFileSync(new URL('../fixtures/audit/cluster-sample.jsonl', import.meta.url));

function auditLogs(): Buffer {
  const sample = SAMPLE;
  const long = `{"data":"${'x'.repeat(70_000)}\\u0073ecret ${'y'.repeat(70_000)}"}\n`;
  const cut = sample.subarray(0, sample.indexOf('\n') - 40);
  return Buffer.concat([
    sample,
    Buffer.from(long),
    cut,
    Buffer.from('\nnot json\r\n'),
    sample,
    sample,
    Buffer.from(long),
    cut,
  ]);
}

/** The texts of the lines a scan reports. */
function hits(options: CompileOptions, spec: Partial<NeedleSetSpec>, text: string): string[] {
  const buf = Buffer.from(text, 'latin1');
  return scanAll(compileNeedleSet({ ...SPEC, ...spec }, options), buf).map(([s, e]) =>
    buf.toString('latin1', s, e),
  );
}

describe.each(IMPLS)('scanLines ($name)', ({ options }) => {
  it('folds case with | 0x20 on both sides, so it over-matches a few symbols', () => {
    const text = 'a PODS b\nno\n@x\n`X\nJoBs';
    expect(hits(options, { needles: ['pods', '@x', 'jobs'] }, text)).toEqual([
      'a PODS b',
      '@x',
      '`X',
      'JoBs',
    ]);
  });

  it('reports a line once, however many needles it holds', () => {
    expect(hits(options, { needles: ['ab', 'bc', 'abc'] }, 'abcabc\nx')).toEqual(['abcabc']);
  });

  it('never counts a needle across a line break, even one that folds to it', () => {
    // '\n' | 0x20 is '*': the folded compare alone would accept it.
    const text = 'po\nds\na*\nb\na\nb\n*ab*';
    expect(hits(options, { needles: ['pods', 'a*b', '*ab*'] }, text)).toEqual(['*ab*']);
  });

  it('marks \\u escapes of the given characters only, hex digits in either case', () => {
    const text = [
      'x\\u0026y',
      'x\\u0050y',
      'x\\u0070y',
      'x\\u004A',
      'x\\u004a',
      '\\u00',
      '\\u004',
      'x\\\\u0070',
    ].join('\n');
    expect(hits(options, { escapedChars: 'pJ' }, text)).toEqual([
      'x\\u0050y',
      'x\\u0070y',
      'x\\u004A',
      'x\\u004a',
      'x\\\\u0070',
    ]);
    expect(hits(options, { escapedChars: '&' }, text)).toEqual(['x\\u0026y']);
  });

  it('marks exactly the escapes of the given characters or their fold twins, all 128', () => {
    // One line per ASCII escape, hex digits in both cases, amid digit runs and Go's escapes.
    const lines = Array.from({ length: 128 }, (_, cp) => {
      const hex = cp.toString(16).padStart(4, '0');
      return `{"t":"10:00:00.000000","q":"a\\u0026b\\u003c","x":"\\u${hex}","X":"\\u${hex.toUpperCase()}"}`;
    });
    const buf = Buffer.from(lines.join('\n'), 'latin1');
    // Sets whose escape windows the compile step lays out differently (see native/drafts.c).
    for (const escapedChars of ['-', '-:/.', ' 0123456789-:/.*', '&<', 'pods\n', '']) {
      const spec = { ...SPEC, needles: ['pods', 'secrets'], escapedChars };
      const want = referenceLines(spec, buf, 0, buf.length);
      expect(scanAll(compileNeedleSet(spec, options), buf)).toEqual(want);
    }
  });

  it('marks KELVIN SIGN and CAPITAL I WITH DOT, raw or escaped, only when asked', () => {
    const text = [
      'k\xe2\x84\xaa',
      'a\\u212Ab',
      'a\\u212ab',
      'x\xc4\xb0',
      '\\u0130',
      '\xe2\x84',
    ].join('\n');
    expect(hits(options, { kelvin: true }, text)).toEqual([
      'k\xe2\x84\xaa',
      'a\\u212Ab',
      'a\\u212ab',
    ]);
    expect(hits(options, { dottedI: true }, text)).toEqual(['x\xc4\xb0', '\\u0130']);
    expect(hits(options, {}, text)).toEqual([]);
  });

  it('ends lines at the newline, keeping a CR, and the last one at `to`', () => {
    const buf = Buffer.from('xx\r\nab\r\n\nyy ab\n\nab', 'latin1');
    const set = compileNeedleSet({ ...SPEC, needles: ['ab'] }, options);
    expect(scanAll(set, buf)).toEqual([
      [4, 7, 1],
      [9, 14, 3],
      [16, 18, 5],
    ]);
    // A region inside the buffer: offsets stay buffer offsets, counts start at `from`.
    expect(scanAll(set, buf, 5, 17)).toEqual([[9, 14, 2]]);
    expect(scanAll(set, buf, 4, 6)).toEqual([[4, 6, 0]]);
  });

  it('resumes after a full `out` at the next line, counting the newlines it passed', () => {
    const buf = Buffer.from('ab\nab\nx\nab', 'latin1');
    const set = compileNeedleSet({ ...SPEC, needles: ['ab'] }, options);
    const out = new Uint32Array(4);
    expect(scanLines(set, buf, 0, buf.length, out)).toEqual({ lines: 1, resumeAt: 3, newlines: 1 });
    expect(scanLines(set, buf, 3, buf.length, out)).toEqual({ lines: 1, resumeAt: 6, newlines: 1 });
    expect(scanLines(set, buf, 6, buf.length, out)).toEqual({
      lines: 1,
      resumeAt: 10,
      newlines: 1,
    });
    expect(Array.from(out.subarray(0, 3))).toEqual([8, 10, 1]);
  });

  it('agrees with the reference on audit logs with many needles and very long lines', () => {
    const buf = auditLogs();
    // Words found in few lines, more of them than the native bucketing merges pairwise.
    const lines = SAMPLE.toString('latin1').toLowerCase().split('\n');
    const words = [...new Set(lines.join(' ').match(/[a-zA-Z:]{4,}/g))];
    const needles = words
      .filter((w) => lines.filter((l) => l.includes(w.toLowerCase())).length <= 2)
      .slice(0, 60);
    needles.push('ZZnowhere', 'ecret y');
    const spec = { needles, escapedChars: 'sS', kelvin: true, dottedI: true };
    const want = referenceLines(spec, buf, 0, buf.length);
    expect(want.length).toBeGreaterThan(20);
    expect(want.length).toBeLessThan(buf.toString('latin1').split('\n').length - 1);
    const set = compileNeedleSet(spec, options);
    expect(scanAll(set, buf, 0, buf.length, 4096)).toEqual(want);
    expect(scanAll(set, buf, 0, buf.length, 7)).toEqual(want);
  });

  it('agrees with the reference on audit logs with masks of frequent words', () => {
    const buf = auditLogs();
    // Words in the order the sample first shows them: most are in every line and only feed
    // masks; the reporting ones are in few lines. 64 needles fill both halves of a mask.
    const words = [...new Set(SAMPLE.toString('latin1').match(/[a-zA-Z:-]{3,}/g))];
    const needles = [...words.slice(0, 62), 'ecret y', '{"kind'];
    const reportNeedles = [7, 29, 52, 53, 62];
    const lineCount = buf.toString('latin1').split('\n').length;
    for (const irregular of [false, true]) {
      const spec = { ...AUDIT_SPEC, needles, reportNeedles, masks: true, irregular };
      const want = referenceLines(spec, buf, 0, buf.length);
      expect(want.length).toBeGreaterThan(10);
      expect(want.length).toBeLessThan(lineCount / 3);
      expect(want.filter((r) => r[3]! !== 0 && r[4]! !== 0).length).toBeGreaterThan(10);
      const set = compileNeedleSet(spec, options);
      expect(scanAll(set, buf, 0, buf.length, 4096)).toEqual(want);
      expect(scanAll(set, buf, 0, buf.length, 3)).toEqual(want);
    }
  });
});

describe('compileNeedleSet and scanLines', () => {
  const set = compileNeedleSet({ ...SPEC, needles: ['ab'] });

  it('refuses needles the scan cannot handle', () => {
    expect(() => compileNeedleSet({ ...SPEC, needles: ['a'] })).toThrow(RangeError);
    expect(() => compileNeedleSet({ ...SPEC, needles: ['a\nb'] })).toThrow(RangeError);
    expect(() => compileNeedleSet({ ...SPEC, needles: ['caf\u00e9'] })).toThrow(RangeError);
    expect(() => compileNeedleSet({ ...SPEC, escapedChars: '\u00e9' })).toThrow(RangeError);
  });

  it('refuses regions outside the buffer and outputs without room for a triple', () => {
    const buf = Buffer.from('ab\nab');
    expect(() => scanLines(set, buf, 0, 6, new Uint32Array(3))).toThrow(RangeError);
    expect(() => scanLines(set, buf, 3, 2, new Uint32Array(3))).toThrow(RangeError);
    expect(() => scanLines(set, buf, 0.5, 2, new Uint32Array(3))).toThrow(RangeError);
    expect(() => scanLines(set, buf, 0, 5, new Uint32Array(2))).toThrow(RangeError);
    const fake = { impl: 'js', stride: 3 } as const;
    expect(() => scanLines(fake, buf, 0, 5, new Uint32Array(3))).toThrow(TypeError);
  });

  it('scans an empty region, and a buffer of only newlines', () => {
    const out = new Uint32Array(3);
    expect(scanLines(set, Buffer.alloc(0), 0, 0, out)).toEqual({
      lines: 0,
      resumeAt: 0,
      newlines: 0,
    });
    const newlines = Buffer.alloc(100_000, '\n');
    expect(scanLines(set, newlines, 0, newlines.length, out)).toEqual({
      lines: 0,
      resumeAt: 100_000,
      newlines: 100_000,
    });
  });
});
