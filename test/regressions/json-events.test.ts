import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonEvents, type JsonRecord } from '../../src/source/json-events.js';

async function readAll(text: string): Promise<JsonRecord[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'cw-regress-')), 'events.json');
  writeFileSync(file, text);
  const out: JsonRecord[] = [];
  for await (const r of readJsonEvents(file)) out.push(r);
  return out;
}

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
