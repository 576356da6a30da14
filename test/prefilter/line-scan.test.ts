import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeImpl,
  compileNeedleSet,
  scanLines,
  type CompileOptions,
  type NeedleSetSpec,
} from '../../src/prefilter/line-scan.js';
import { referenceScan } from './line-scan-reference.js';
import { IMPLS } from './line-scan-impls.js';

/** Calls scanLines with room for `cap` records until the region is done, checking every call
 * against the reference; returns all records with newline counts made absolute. */
function scanInSteps(
  spec: NeedleSetSpec,
  options: CompileOptions,
  buf: Uint8Array,
  from: number,
  to: number,
  cap: number,
  slack: number,
): number[][] {
  const set = compileNeedleSet(spec, options);
  const { stride } = set;
  expect(stride).toBe(spec.masks ? 5 : 3);
  // Room for part of one more record must not count as room for it.
  const out = new Uint32Array(stride * cap + (slack % stride));
  const all: number[][] = [];
  let newlines = 0;
  for (let at = from; ;) {
    const r = scanLines(set, buf, at, to, out);
    const want = referenceScan(spec, buf, at, to, cap);
    const got = [];
    for (let i = 0; i < r.lines; i++)
      got.push(Array.from(out.subarray(stride * i, stride * i + stride)));
    expect({ result: r, records: got }).toEqual(want);
    for (const [s, e, n, ...mask] of got) all.push([s!, e!, n! + newlines, ...mask]);
    newlines += r.newlines;
    if (r.resumeAt === to) return all;
    expect(r.resumeAt).toBeGreaterThan(at);
    at = r.resumeAt;
  }
}

/** Flips bit 0x20 of chosen bytes: same text after folding, except '*' becomes '\n'. */
function flipCase(text: string, flips: number): string {
  return [...text]
    .map((c, i) => ((flips >> i) & 1 ? String.fromCharCode(c.charCodeAt(0) ^ 0x20) : c))
    .join('');
}

const NEEDLE_CHARS = [...'abcdejkiAB*:@`- 0/'];
const needleArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...NEEDLE_CHARS), minLength: 2, maxLength: 6 }),
  fc.string({ unit: fc.constantFrom(...'abk:*'), minLength: 7, maxLength: 30 }),
);

const SPECIALS = [
  '\n',
  '\r\n',
  '\n\n',
  '\\u',
  '\\u00',
  '\\u004',
  '\\u0041',
  '\\u0061',
  '\\u004A',
  '\\u004a',
  '\\u006B',
  '\\u002a',
  '\\u002A',
  '\\u0026',
  '\\u000a',
  '\\u212a',
  '\\u212A',
  '\\u212',
  '\\u0130',
  '\\u013',
  '\\\\u0041',
  '\\U0041',
  '\xe2\x84\xaa',
  '\xe2\x84',
  '\xc4\xb0',
  '\xc4',
  '"',
  ':',
  '{',
  '}',
  '}\r',
  '\r',
  '\r\n',
];

function partArb(needles: string[]): fc.Arbitrary<string> {
  const free = fc.string({ unit: fc.constantFrom(...NEEDLE_CHARS, '\n'), maxLength: 10 });
  const bytes = fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString('latin1'));
  if (needles.length === 0) return fc.oneof(fc.constantFrom(...SPECIALS), free, bytes);
  const mutated = fc
    .tuple(
      fc.constantFrom(...needles),
      fc.nat(),
      fc.nat(),
      fc.constantFrom('whole', 'whole', 'cut', 'break'),
    )
    .map(([n, flips, where, how]) => {
      const text = flipCase(n, flips);
      const at = where % text.length;
      if (how === 'cut') return text.slice(0, at);
      if (how === 'break') return `${text.slice(0, at)}\n${text.slice(at)}`;
      return text;
    });
  return fc.oneof(
    { arbitrary: mutated, weight: 3 },
    { arbitrary: fc.constantFrom(...SPECIALS), weight: 2 },
    { arbitrary: free, weight: 2 },
    { arbitrary: bytes, weight: 1 },
  );
}

/** Lines shaped like JSON objects or not, with CRLF, LF or nothing (at the end) after them. */
function textArb(needles: string[]): fc.Arbitrary<string> {
  const line = fc
    .tuple(
      fc.array(partArb(needles), { maxLength: 8 }),
      fc.constantFrom('object', 'object', 'raw', 'open', 'close'),
      fc.constantFrom('\n', '\n', '\r\n', ''),
    )
    .map(([parts, shape, eol]) => {
      const body = parts.join('');
      const open = shape === 'object' || shape === 'open' ? '{' : '';
      const close = shape === 'object' || shape === 'close' ? '}' : '';
      return `${open}${body}${close}${eol}`;
    });
  return fc.array(line, { maxLength: 8 }).map((lines) => lines.join(''));
}

const specArb = fc
  .record({
    needles: fc.oneof(
      { arbitrary: fc.array(needleArb, { maxLength: 14 }), weight: 5 },
      // Enough for the high half of a mask.
      { arbitrary: fc.array(needleArb, { minLength: 33, maxLength: 64 }), weight: 1 },
    ),
    escapedChars: fc.string({ unit: fc.constantFrom(...'abjkAK*:-&i\n'), maxLength: 6 }),
    kelvin: fc.boolean(),
    dottedI: fc.boolean(),
    masks: fc.boolean(),
    irregular: fc.boolean(),
    reportBits: fc.option(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
  })
  .map(({ reportBits, ...spec }): NeedleSetSpec => {
    if (reportBits === null) return spec;
    const reportNeedles = spec.needles
      .map((_, i) => i)
      .filter((i) => (reportBits >> BigInt(i)) & 1n);
    return { ...spec, reportNeedles };
  });

const caseArb = specArb.chain((spec) =>
  fc.record({
    spec: fc.constant(spec),
    text: textArb(spec.needles),
    from: fc.oneof(fc.constant(0), fc.nat()),
    to: fc.oneof(fc.constant(-1), fc.nat()),
    offset: fc.nat(9),
    tail: fc.nat(40),
    cap: fc.integer({ min: 1, max: 5 }),
    slack: fc.nat(4),
  }),
);

describe.each(IMPLS)('scanLines ($name)', ({ options }) => {
  it('agrees with the reference on random and adversarial input, in one call and resumed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        // The region sits inside a larger ArrayBuffer: bytes outside it must never count.
        const body = Buffer.from(c.text, 'latin1');
        const backing = new Uint8Array(c.offset + body.length + c.tail).fill(0x61);
        backing.set(body, c.offset);
        const buf = backing.subarray(c.offset, c.offset + body.length + (c.tail % 2 ? c.tail : 0));
        const from = c.from % (body.length + 1);
        const to = c.to < 0 ? body.length : from + (c.to % (body.length - from + 1));
        const whole = scanInSteps(c.spec, options, buf, from, to, body.length + 1, 0);
        const stepped = scanInSteps(c.spec, options, buf, from, to, c.cap, c.slack);
        expect(stepped).toEqual(whole);
      }),
      { numRuns: 400 },
    );
  });
});

it('uses the native addon, which npm ci builds', () => {
  if (process.env.CRONWARDEN_LINE_SCAN === 'js') return;
  expect(activeImpl).toBe('native');
});
