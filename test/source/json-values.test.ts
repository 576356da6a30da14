import { describe, expect, it } from 'vitest';
import { inputLines } from '../../src/source/input-lines.js';
import { jsonValues, type JsonItem } from '../../src/source/json-values.js';

async function values(
  text: string,
  limit = 1 << 30,
  chunks: Buffer[] = [Buffer.from(text)],
): Promise<JsonItem[]> {
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  const out: JsonItem[] = [];
  for await (const item of jsonValues(inputLines(source(), { bytes: 0 }, limit), limit))
    out.push(item);
  return out;
}

function lines(items: JsonItem[]): Array<number | string> {
  return items.map((i) => (i.kind === 'value' ? i.line : `${i.kind}@${i.line}`));
}

describe('jsonValues on JSON Lines', () => {
  it('reports a bad line with its number and keeps the rest', async () => {
    const out = await values('{"a":1}\n{broken\n\n{"a":3}\n');
    expect(lines(out)).toEqual([1, 'bad@2', 4]);
    expect(out[1]).toMatchObject({
      reason: "invalid JSON at column 2: Expected property name or '}'",
    });
  });

  it('reads lines over 1 MiB', async () => {
    const big = JSON.stringify({ payload: 'x'.repeat(2 * 1024 * 1024) });
    expect(lines(await values(`${big}\n{"a":1}\n`))).toEqual([1, 2]);
  });

  it('reports every bad line of a file that is neither JSON Lines nor JSON', async () => {
    expect(lines(await values('this is not json\nnor this\n'))).toEqual(['bad@1', 'bad@2']);
  });

  it('keeps the valid lines of a JSON Lines file whose first line is broken', async () => {
    expect(lines(await values('{"truncated":\n{"a":2}\n{"a":3}\n'))).toEqual(['bad@1', 2, 3]);
  });

  it('reports a line over the limit and reads on', async () => {
    const out = await values(
      `{"a":1}\n${JSON.stringify({ x: 'y'.repeat(3000) })}\n{"a":3}\n`,
      2048,
    );
    expect(lines(out)).toEqual([1, 'bad@2', 3]);
    expect(out[1]).toMatchObject({ reason: 'line of 2.9 KiB is over the 2 KiB limit: not read' });
  });

  it('turns CloudWatch export lines `<time> <message>` into records', async () => {
    const out = await values('2026-03-02T09:14:05.138Z {"kind":"Event"}\n');
    expect(out).toEqual([
      {
        kind: 'value',
        line: 1,
        value: { timestamp: '2026-03-02T09:14:05.138Z', message: '{"kind":"Event"}' },
      },
    ]);
  });
});

describe('jsonValues on whole documents', () => {
  it('reads a pretty-printed EventList or array as one value at its first line', async () => {
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [{ a: 1 }, { a: 2 }] };
    expect(await values(`\n${JSON.stringify(list, null, 2)}\n`)).toEqual([
      { kind: 'value', line: 2, value: list },
    ]);
    expect(lines(await values(JSON.stringify([{ a: 1 }], null, 2)))).toEqual([1]);
  });

  it('reads a pretty-printed EventList whose events contain a string array', async () => {
    // `    "10.0.0.1"` parses on its own: it must not make the file JSON Lines.
    const list = {
      kind: 'EventList',
      items: [
        { verb: 'create', sourceIPs: ['10.0.0.1'] },
        { verb: 'delete', sourceIPs: ['10.0.0.2'] },
      ],
    };
    expect(await values(JSON.stringify(list, null, 2))).toEqual([
      { kind: 'value', line: 1, value: list },
    ]);
  });

  it('reports no bad lines for a pretty-printed array longer than 1000 lines', async () => {
    const arr = Array.from({ length: 400 }, (_, i) => ({ a: i, b: 'x' }));
    expect(await values(JSON.stringify(arr, null, 2))).toEqual([
      { kind: 'value', line: 1, value: arr },
    ]);
  });

  it('reports one error, with its line and column, for a document with a syntax error', async () => {
    const out = await values('[\n  {"a": 1},\n  {"a": 2},\n]\n');
    expect(out).toEqual([
      { kind: 'bad', line: 1, reason: "invalid JSON at line 4 column 1: Unexpected token ']'" },
    ]);
  });

  it('does not hold a document over the limit: JSON Lines are read line by line, a document is reported once', async () => {
    const jsonl = `{"cut":\n${'{"a":1}\n'.repeat(20)}`;
    expect(lines(await values(jsonl, 64))).toEqual([
      'bad@1',
      ...Array.from({ length: 20 }, (_, i) => i + 2),
    ]);
    const doc = JSON.stringify(
      Array.from({ length: 50 }, (_, i) => ({ a: i })),
      null,
      2,
    );
    const out = await values(doc, 64);
    expect(out).toEqual([
      {
        kind: 'bad',
        line: 1,
        reason:
          "JSON document starting here is over the 0.1 KiB limit: not read (write it as JSON Lines, e.g. jq -c '.items[]')",
      },
    ]);
  });

  it('says when broken input cut a document off', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('{\n  "items": [\n');
      throw new Error('boom');
    }
    const out: JsonItem[] = [];
    for await (const item of jsonValues(inputLines(failing(), { bytes: 0 }, 1000), 1000))
      out.push(item);
    expect(out).toEqual([
      {
        kind: 'broken',
        line: 2,
        gzip: false,
        reason: 'read failed: boom; the JSON document starting at line 1 was cut off and not read',
      },
    ]);
  });
});
