import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/index.js';
import { buildPrefilter, type LinePrefilter } from '../../src/prefilter/index.js';
import type { AuditEvent } from '../../src/schema/audit-event.js';
import { loadRulePaths } from '../../src/sigma/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = join(ROOT, 'test/fixtures/rule-examples');
const { ruleSet } = loadRulePaths([join(ROOT, 'rules')], { strict: true });
const prefilter = buildPrefilter(ruleSet.witnesses(), { followUps: true })!;

function passes(p: LinePrefilter, line: string): boolean {
  let hit = false;
  const buf = Buffer.from(line);
  p.scan(buf, 0, buf.length, () => (hit = true));
  return hit;
}

const matches = (e: unknown): boolean =>
  ruleSet.test(normalize(e as AuditEvent).document).length > 0;

const positives: unknown[] = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yml'))
  .flatMap((f) => (parse(readFileSync(join(EXAMPLES, f), 'utf8')) as { match: unknown[] }).match);

/** JSON text of `value` with the characters chosen by `pick` written as \uXXXX escapes. */
function escaped(value: unknown, pick: (c: string, i: number) => boolean): string {
  let i = 0;
  const str = (s: string): string =>
    `"${[...JSON.stringify(s).slice(1, -1)]
      .map((c) => (/[a-zA-Z0-9:.-]/.test(c) && pick(c, i++) ? toEscape(c) : c))
      .join('')}"`;
  const walk = (v: unknown): string => {
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    if (v !== null && typeof v === 'object')
      return `{${Object.entries(v)
        .map(([k, x]) => `${str(k)}:${walk(x)}`)
        .join(',')}}`;
    return JSON.stringify(v);
  };
  return walk(value);
}

function toEscape(c: string): string {
  const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
  return `\\u${Math.random() < 0.5 ? hex : hex.toUpperCase()}`;
}

/** The event with the case of its string values flipped where `pick` says so. */
function recased(value: unknown, pick: (i: number) => boolean): unknown {
  let i = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return [...v].map((c) => (pick(i++) ? flip(c) : c)).join('');
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

function flip(c: string): string {
  if (c === 'k' || c === 'K') return '\u212a';
  const up = c.toUpperCase();
  return up === c ? c.toLowerCase() : up;
}

describe('prefilter soundness on the built-in rule pack', () => {
  it('lets through every true-positive rule example, as written', () => {
    expect(positives.length).toBeGreaterThan(50);
    for (const e of positives) expect(passes(prefilter, JSON.stringify(e))).toBe(true);
  });

  it('lets through every still-matching variant with characters \\u-escaped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: positives.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (index, share, seed) => {
          let state = seed;
          const pick = (): boolean => {
            state = (Math.imul(state, 1103515245) + 12345) | 0;
            return ((state >>> 8) & 0xffff) / 0x10000 < share;
          };
          const line = escaped(positives[index], pick);
          expect(JSON.parse(line)).toEqual(positives[index]);
          expect(passes(prefilter, line)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets through every variant with changed letter case that the rules still match', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: positives.length - 1 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer(),
        (index, share, seed) => {
          let state = seed;
          const variant = recased(positives[index], () => {
            state = (Math.imul(state, 1103515245) + 12345) | 0;
            return ((state >>> 8) & 0xffff) / 0x10000 < share;
          });
          if (!matches(variant)) return;
          expect(passes(prefilter, JSON.stringify(variant))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips a typical read that no rule can match', () => {
    const read = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      stage: 'ResponseComplete',
      verb: 'get',
      requestURI: '/api/v1/namespaces/default/configmaps/app?limit=5&x=1',
      user: { username: 'alice@example.com', groups: ['system:authenticated'] },
      objectRef: { resource: 'configmaps', namespace: 'default', name: 'app' },
    };
    expect(passes(prefilter, JSON.stringify(read))).toBe(false);
  });
});
