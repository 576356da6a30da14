import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inputLines, type InputLine } from '../../src/source/input-lines.js';

async function lines(chunks: Array<Buffer | string>, maxLineBytes = 1 << 20): Promise<InputLine[]> {
  const out: InputLine[] = [];
  const counters = { bytes: 0 };
  async function* source(): AsyncGenerator<Buffer | string> {
    yield* chunks;
  }
  for await (const line of inputLines(source(), counters, maxLineBytes)) out.push(line);
  return out;
}

function texts(items: InputLine[]): string[] {
  return items.map((l) => (l.kind === 'line' ? l.text : `<${l.kind}>`));
}

function bytewise(text: string | Buffer): Buffer[] {
  return [...Buffer.from(text)].map((b) => Buffer.from([b]));
}

describe('inputLines', () => {
  it('joins lines split across chunks, even inside a multi-byte character', async () => {
    const text = 'first ünïcødé €\nsecond\n';
    expect(texts(await lines(bytewise(text)))).toEqual(['first ünïcødé €', 'second']);
  });

  it('drops CR before LF (also across chunks), a BOM at the start only, and reads a last line without LF', async () => {
    expect(texts(await lines(['\uFEFFa\r', '\nb\r\n\uFEFFc']))).toEqual(['a', 'b', '\uFEFFc']);
    expect(texts(await lines(bytewise('\uFEFF{}\r\n')))).toEqual(['{}']);
  });

  it('numbers lines from 1, blank ones included', async () => {
    const out = await lines(['a\n\n', 'b']);
    expect(out.map((l) => (l.kind === 'line' ? l.number : 0))).toEqual([1, 2, 3]);
  });

  it('reads nothing from empty input', async () => {
    expect(await lines([])).toEqual([]);
    expect(await lines([Buffer.alloc(0)])).toEqual([]);
  });

  it('drops a line over the limit without holding it, and goes on', async () => {
    const out = await lines(['x'.repeat(6), 'x'.repeat(6), '\nok\n', 'y'.repeat(20)], 10);
    expect(out).toEqual([
      { kind: 'too-long', number: 1, bytes: 12 },
      { kind: 'line', number: 2, text: 'ok' },
      { kind: 'too-long', number: 3, bytes: 20 },
    ]);
  });

  it('inflates gzip found by its magic bytes, even when they arrive one at a time', async () => {
    const gz = gzipSync('one\ntwo\n');
    expect(texts(await lines(bytewise(gz)))).toEqual(['one', 'two']);
  });

  it('stops at a read error, naming the line it was in, gzip or not', async () => {
    const eio = Object.assign(new Error("EIO: i/o error, read '/x'"), { code: 'EIO' });
    async function* plain(): AsyncGenerator<Buffer> {
      yield Buffer.from('a\nb\npart');
      throw eio;
    }
    async function* gzipped(): AsyncGenerator<Buffer> {
      yield gzipSync('a\nb\n');
      throw eio;
    }
    for (const source of [plain(), gzipped()]) {
      const out: InputLine[] = [];
      for await (const line of inputLines(source, { bytes: 0 }, 100)) out.push(line);
      expect(out.at(-1)).toEqual({
        kind: 'broken',
        gzip: false,
        message: 'EIO: i/o error',
        lastLine: expect.any(Number),
      });
    }
  });
});
