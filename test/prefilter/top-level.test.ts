import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopLevelReader } from '../../src/prefilter/top-level.js';

const KEYS = ['kind', 'sourceIPs', 'a'];

/** JSON text of an object with its members in order (duplicates kept) and chosen spacing. */
function objectText(members: [string, unknown][], space: string): string {
  const parts = members.map(([k, v]) => `${JSON.stringify(k)}${space}:${space}${text(v, space)}`);
  return `{${space}${parts.join(`${space},${space}`)}${space}}`;
}

function text(v: unknown, space: string): string {
  if (Array.isArray(v))
    return `[${space}${v.map((x) => text(x, space)).join(`,${space}`)}${space}]`;
  if (v !== null && typeof v === 'object')
    return objectText(Object.entries(v as Record<string, unknown>), space);
  return JSON.stringify(v);
}

function valuesRead(line: string): Record<string, unknown> | null {
  const reader = new TopLevelReader(KEYS);
  const buf = Buffer.from(line);
  if (!reader.read(buf)) return null;
  const out: Record<string, unknown> = {};
  KEYS.forEach((k, i) => {
    const start = reader.spans[i * 2]!;
    if (start >= 0)
      out[k] = JSON.parse(buf.toString('utf8', start, reader.spans[i * 2 + 1]!)) as unknown;
  });
  return out;
}

describe('TopLevelReader', () => {
  it('reads what JSON.parse reads for the wanted top-level members', () => {
    const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.jsonValue({ maxDepth: 3 })), { maxLength: 8 }),
        fc.constantFrom('', ' ', '\t', ' \r\n '),
        (members, space) => {
          const line = objectText(members, space);
          const parsed = JSON.parse(line) as Record<string, unknown>;
          const read = valuesRead(line);
          // Only a key JSON writes with a backslash escape may make it refuse; it never misreads.
          const escapedKey = members.some(([k]) => JSON.stringify(k).includes('\\'));
          if (read === null) {
            expect(escapedKey).toBe(true);
            return;
          }
          for (const k of KEYS)
            if (Object.hasOwn(parsed, k)) expect(read[k]).toEqual(parsed[k]);
            else expect(Object.hasOwn(read, k)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    expect(valuesRead('{"a":1,"b":{"a":2},"a":[3,{"a":4}]}')).toEqual({ a: [3, { a: 4 }] });
  });

  it('skips strings holding quotes, brackets and escaped backslashes', () => {
    const line = '{"x":"a\\"}]{\\\\","y":["}\\"",{"z":"]"}],"a":"end"}';
    expect(JSON.parse(line)).toMatchObject({ a: 'end' });
    expect(valuesRead(line)).toEqual({ a: 'end' });
  });

  it('stops early only when the rest of the line cannot hold a wanted key', () => {
    const head = '{"kind":"Event","sourceIPs":["10.0.0.1"],"a":0';
    expect(valuesRead(`${head},"b":{"c":"d"}}`)).toEqual({
      kind: 'Event',
      sourceIPs: ['10.0.0.1'],
      a: 0,
    });
    expect(valuesRead(`${head},"sourceIPs":["8.8.8.8"]}`)).toMatchObject({
      sourceIPs: ['8.8.8.8'],
    });
    expect(valuesRead(`${head},"b":{"sourceIPs":["8.8.8.8"]}}`)).toMatchObject({
      sourceIPs: ['10.0.0.1'],
    });
    // A later key spelled with an escape sends it on to the walk, which refuses it.
    expect(valuesRead(`${head},"source\\u0049Ps":["8.8.8.8"]}`)).toBeNull();
  });

  it('refuses escaped top-level keys and lines that are not one object', () => {
    expect(valuesRead('{"source\\u0049Ps":["8.8.8.8"]}')).toBeNull();
    expect(valuesRead('["a"]')).toBeNull();
    expect(valuesRead('{"a":1')).toBeNull();
    expect(valuesRead('{"a":"open')).toBeNull();
    expect(valuesRead('{}')).toEqual({});
  });
});
