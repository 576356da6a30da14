import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonEvents, type JsonRecord } from '../../src/source/json-events.js';

async function readAll(text: string): Promise<JsonRecord[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'cw-events-')), 'events.json');
  writeFileSync(file, text);
  const out: JsonRecord[] = [];
  for await (const r of readJsonEvents(file)) out.push(r);
  return out;
}

describe('readJsonEvents', () => {
  it('reads JSON Lines, reporting a bad line with its number and keeping the rest', async () => {
    const out = await readAll('{"a":1}\n{broken\n\n{"a":3}\n');
    expect(out.map((r) => (r.kind === 'event' ? r.line : `error@${r.line}`))).toEqual([
      1,
      'error@2',
      4,
    ]);
  });

  it('reads a pretty-printed EventList or array as one document', async () => {
    const list = JSON.stringify(
      { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [{ a: 1 }, { a: 2 }] },
      null,
      2,
    );
    expect((await readAll(list)).filter((r) => r.kind === 'event')).toHaveLength(2);
    expect(await readAll(JSON.stringify([{ a: 1 }], null, 2))).toHaveLength(1);
  });

  it('handles lines over 1 MiB', async () => {
    const big = JSON.stringify({ payload: 'x'.repeat(2 * 1024 * 1024) });
    const out = await readAll(`${big}\n{"a":1}\n`);
    expect(out).toHaveLength(2);
    expect(out.every((r) => r.kind === 'event')).toBe(true);
  });

  it('reports every bad line of a file that is neither JSON Lines nor JSON', async () => {
    const out = await readAll('this is not json\nnor this\n');
    expect(out).toEqual([
      expect.objectContaining({ kind: 'error', line: 1 }),
      expect.objectContaining({ kind: 'error', line: 2 }),
    ]);
  });

  it('keeps the valid lines of a JSON Lines file whose first line is broken', async () => {
    const out = await readAll('{"truncated":\n{"a":2}\n{"a":3}\n');
    expect(out.map((r) => (r.kind === 'event' ? r.line : `error@${r.line}`))).toEqual([
      'error@1',
      2,
      3,
    ]);
  });
});

describe('readJsonEvents on pretty-printed documents', () => {
  it('reads a pretty-printed EventList whose events contain a string array', async () => {
    // The line `    "10.0.0.1"` parses on its own as JSON, so parsedAny becomes true and the
    // file is treated as JSON Lines: the real events are lost, the string becomes an "event".
    const list = JSON.stringify(
      {
        kind: 'EventList',
        items: [
          { verb: 'create', sourceIPs: ['10.0.0.1'] },
          { verb: 'delete', sourceIPs: ['10.0.0.2'] },
        ],
      },
      null,
      2,
    );
    const out = await readAll(list);
    expect(out.filter((r) => r.kind === 'error')).toEqual([]);
    expect(out.map((r) => (r.kind === 'event' ? r.event : null))).toEqual([
      { verb: 'create', sourceIPs: ['10.0.0.1'] },
      { verb: 'delete', sourceIPs: ['10.0.0.2'] },
    ]);
  });

  it('reports no bad lines for a pretty-printed array longer than 1000 lines', async () => {
    // After 1000 failed lines the pending errors are flushed, then the whole-document fallback
    // still yields the events: 1001 spurious "invalid JSON" records.
    const arr = JSON.stringify(
      Array.from({ length: 400 }, (_, i) => ({ a: i, b: 'x' })),
      null,
      2,
    );
    const out = await readAll(arr);
    expect(out.filter((r) => r.kind === 'error')).toHaveLength(0);
    expect(out).toHaveLength(400);
  });
});
