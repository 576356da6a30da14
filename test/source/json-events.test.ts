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
