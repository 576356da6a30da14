import { describe, expect, it } from 'vitest';
import type { EqlDocument } from '../../src/eql/index.js';
import { matches } from './helpers.js';

type Case = [query: string, doc: EqlDocument, expected: boolean];

const doc: EqlDocument = {
  '@timestamp': '2026-01-01T00:00:00Z',
  event: { category: ['configuration', 'iam'], dataset: 'kubernetes.audit', action: 'create' },
  user: { name: 'Alice', groups: ['system:masters', 'dev'] },
  code: 201,
  codeText: '403',
  ok: true,
  ratio: 0.5,
  empty: [],
  nothing: null,
  obj: { nested: { deep: 'value' } },
  'kubernetes.audit.verb': 'create',
  annotations: { 'authorization.k8s.io/decision': 'allow' },
  path: 'C:\\Windows\\cmd.exe',
  star: 'a*b',
  'my weird': { field: 'w' },
  'back`tick': 'bt',
  ip: '10.1.2.3',
  ip6: '2001:db8::1',
};

const cases: Record<string, Case[]> = {
  'equality is case-sensitive': [
    ['any where user.name == "Alice"', doc, true],
    ['any where user.name == "alice"', doc, false],
    ['any where user.name != "alice"', doc, true],
    ['any where user.name != "Alice"', doc, false],
    ['any where "Alice" == user.name', doc, true],
  ],
  'keywords are case-insensitive': [
    ['ANY WHERE user.name == "Alice" AND NOT ok == false', doc, true],
    ['Any Where user.name In ("Alice")', doc, true],
  ],
  ': is case-insensitive equality and wildcard': [
    ['any where user.name : "alice"', doc, true],
    ['any where user.name : "ALI*"', doc, true],
    ['any where user.name : "al?ce"', doc, true],
    ['any where user.name : "al?e"', doc, false],
    ['any where user.name : ("bob", "a*e")', doc, true],
    ['any where user.name : ("bob", "carol")', doc, false],
  ],
  'in and in~ with lists': [
    ['any where user.name in ("Bob", "Alice")', doc, true],
    ['any where user.name in ("bob", "alice")', doc, false],
    ['any where user.name in~ ("bob", "alice")', doc, true],
    ['any where user.name not in ("Bob")', doc, true],
    ['any where user.name not in ("Alice")', doc, false],
    ['any where user.name not in~ ("ALICE")', doc, false],
    ['any where code in (200, 201)', doc, true],
    ['any where code in ("201")', doc, true],
  ],
  'like and like~ match the whole value': [
    ['any where user.name like "Al*"', doc, true],
    ['any where user.name like "al*"', doc, false],
    ['any where user.name like~ "al*"', doc, true],
    ['any where user.name like "lic"', doc, false],
    ['any where user.name like "*lic*"', doc, true],
    ['any where user.name like ("x*", "?lice")', doc, true],
    ['any where path like "C:\\\\Windows\\\\*.exe"', doc, true],
  ],
  'a literal * is matched by == (like has no escape)': [
    ['any where star == "a*b"', doc, true],
    ['any where star like "a*b"', doc, true],
    ['any where star like "a\\\\*b"', doc, false],
    ['any where path == "a*b"', doc, false],
  ],
  'numbers: int, float, negative, exponent': [
    ['any where code == 201', doc, true],
    ['any where code > 200 and code < 202', doc, true],
    ['any where code >= 201 and code <= 201', doc, true],
    ['any where ratio == 0.5', doc, true],
    ['any where ratio == 5e-1', doc, true],
    ['any where ratio == .5', doc, true],
    ['any where ratio > -1', doc, true],
    ['any where code == 2.01E2', doc, true],
  ],
  'strings and numbers compare by value, as Lucene term queries would': [
    ['any where code == "201"', doc, true],
    ['any where codeText == 403', doc, true],
    ['any where codeText > 400', doc, true],
    ['any where user.name == 1', doc, false],
    ['any where ok == true', doc, true],
    ['any where ok == "true"', doc, true],
  ],
  // Found by test/eql/fuzz.test.ts: "a numeric string equals the number" both ways, and only a
  // decimal number is numeric (JavaScript's Number() also read hex and whitespace).
  'numeric strings are decimal numbers, whichever side holds the number': [
    ['any where code == "201.0"', doc, true],
    ['any where code == "2.01e2"', doc, true],
    ['any where code in ("0201")', doc, true],
    ['any where code : "201.0"', doc, true],
    ['any where code like "201.0"', doc, false],
    ['any where code > "3"', doc, true],
    ['any where code > "abc"', doc, false],
    ['any where "" < code', doc, false],
    ['any where hex == 16', { hex: '0x10' }, false],
    ['any where padded == 7', { padded: ' 7' }, false],
    ['any where big > 1', { big: 'Infinity' }, false],
    ['any where n + 1 == 17', { n: '0x10' }, false],
  ],
  'strings order lexicographically (case-sensitive)': [
    ['any where user.name > "Aa"', doc, true],
    ['any where user.name < "a"', doc, true],
  ],
  'null and missing fields': [
    ['any where missing == null', doc, true],
    ['any where nothing == null', doc, true],
    ['any where empty == null', doc, true],
    ['any where user.name == null', doc, false],
    ['any where user.name != null', doc, true],
    ['any where missing != null', doc, false],
    ['any where missing == "x"', doc, false],
    ['any where missing < 5', doc, false],
    ['any where missing in ("x")', doc, false],
  ],
  'not of a comparison on a missing field is true (Lucene must_not)': [
    ['any where missing != "x"', doc, true],
    ['any where not missing == "x"', doc, true],
    ['any where missing not in ("x")', doc, true],
    ['any where not missing : "x*"', doc, true],
  ],
  'functions of missing values are unknown, and not unknown is unknown': [
    ['any where length(missing) > 0', doc, false],
    ['any where not length(missing) > 0', doc, false],
    ['any where not (length(missing) > 0) or true', doc, true],
    ['any where length(missing) > 0 or true', doc, true],
    ['any where (length(missing) > 0 and false) == false', doc, true],
  ],
  'Lucene-style function queries on a missing field are false': [
    ['any where not startsWith(missing, "a")', doc, true],
    ['any where not stringContains(missing, "a")', doc, true],
  ],
  'multi-valued fields match when any value does': [
    ['any where user.groups == "dev"', doc, true],
    ['any where user.groups != "dev"', doc, false],
    ['any where user.groups : "SYSTEM:*"', doc, true],
    ['any where user.groups in ("x", "system:masters")', doc, true],
  ],
  'objects are not comparable': [
    ['any where obj == "x"', doc, false],
    ['any where obj.nested.deep == "value"', doc, true],
    ['any where obj != null', doc, true],
  ],
  'dotted keys, back quotes and @': [
    ['any where kubernetes.audit.verb == "create"', doc, true],
    ['any where annotations.`authorization.k8s.io/decision` == "allow"', doc, true],
    ['any where `my weird`.field == "w"', doc, true],
    ['any where `back``tick` == "bt"', doc, true],
    ['any where @timestamp != null', doc, true],
  ],
  'event categories': [
    ['iam where true', doc, true],
    ['configuration where true', doc, true],
    ['process where true', doc, false],
    ['"iam" where true', doc, true],
    ['process where true', { event: { category: 'process' } }, true],
    ['any where true', {}, true],
    ['any where false', doc, false],
  ],
  'logic and precedence': [
    ['any where false or true and true', doc, true],
    ['any where (false or true) and false', doc, false],
    ['any where not false and not false', doc, true],
    ['any where not not true', doc, true],
    ['any where ok', doc, true],
    ['any where not ok', doc, false],
  ],
  'strings with escapes and raw strings': [
    ['any where path == """C:\\Windows\\cmd.exe"""', doc, true],
    ['any where path == "C:\\\\Windows\\\\cmd.exe"', doc, true],
    ['any where s == "a\\tb\\nc\\"d\\\'e"', { s: 'a\tb\nc"d\'e' }, true],
    ['any where s == "\\u{41}\\u{1F600}\\u{0000200f}"', { s: 'A😀\u200f' }, true],
    ['any where s == "\\w+"', { s: '\\w+' }, true],
    ['any where s == """say "hi\\""""', { s: 'say "hi\\"' }, true],
  ],
  comments: [['any where /* block /* nested */ */ ok // trailing\n and true', doc, true]],
  cidrMatch: [
    ['any where cidrMatch(ip, "10.0.0.0/8")', doc, true],
    ['any where cidrMatch(ip, "192.168.0.0/16", "10.1.2.0/24")', doc, true],
    ['any where cidrMatch(ip, "10.1.2.4/32")', doc, false],
    ['any where cidrMatch(ip6, "2001:db8::/32")', doc, true],
    ['any where cidrMatch(ip6, "2001:db9::/32")', doc, false],
    ['any where cidrMatch(ip, "::ffff:10.0.0.0/104")', doc, true],
    ['any where cidrMatch(user.name, "10.0.0.0/8")', doc, false],
  ],
};

describe('EQL evaluator', () => {
  for (const [group, rows] of Object.entries(cases)) {
    describe(group, () => {
      it.each(rows)('%s', (query, d, expected) => {
        expect(matches(query, d)).toBe(expected);
      });
    });
  }
});
