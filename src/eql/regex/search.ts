import RE2 from 're2';
import { type CompiledEqlRegex, EqlRegexError, type EqlRegexOptions } from './types.js';

interface Unsupported {
  offset: number;
  construct: string;
  rewrite: string;
}

const GROUPS: [RegExp, string, string][] = [
  [
    /\(\?<?[=!]/y,
    'look-around',
    'match the surrounding text itself, or split it into two conditions joined with `and` / `and not`',
  ],
  [
    /\(\?>/y,
    'an atomic group',
    'use a plain group `(?:…)`; RE2 never backtracks, so it is not needed',
  ],
  [/\(\?(?:R|[0-9]|[+-][0-9]|&)/y, 'recursion', 'write the nesting out to a fixed depth'],
  [/\(\?\(/y, 'a conditional group', 'use an alternation `(?:a|b)`'],
  [/\(\?\|/y, 'a branch-reset group', 'use a plain group `(?:…)`'],
  [/\(\?#/y, 'a comment group', 'remove the comment'],
];

/** Nesting cronwarden evaluates, as for Lucene regexes: deeper is refused, not attempted. */
export const MAX_SEARCH_NESTING = 100;

/** What a scan of the pattern found: a construct RE2 cannot run, or the pattern made safe. */
export type PatternScan =
  | { kind: 'unsupported'; found: Unsupported }
  | { kind: 'too-deep'; offset: number }
  | { kind: 'ok'; withoutCaptures: string };

/**
 * One pass over the pattern: PCRE constructs that need backtracking (RE2 cannot run them; found
 * before compiling so the error names the construct and its offset instead of RE2's terse
 * message), group nesting beyond the bound, and the same pattern with every capturing group
 * made non-capturing, since evidence only needs where the whole match is and thousands of
 * capture slots make each match slow and large.
 */
export function scanPattern(pattern: string): PatternScan {
  let afterQuantifier = false;
  let depth = 0;
  let out = '';
  const at = (re: RegExp, i: number): RegExpExecArray | null => {
    re.lastIndex = i;
    return re.exec(pattern);
  };
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      if (at(BACK_REFERENCE, i)) {
        return {
          kind: 'unsupported',
          found: {
            offset: i,
            construct: 'a back-reference',
            rewrite: 'repeat the referenced text explicitly, or test the two parts separately',
          },
        };
      }
      out += pattern.slice(i, i + 2);
      afterQuantifier = false;
      i += 2;
    } else if (ch === '[') {
      const end = skipClass(pattern, i);
      out += pattern.slice(i, end);
      i = end;
      afterQuantifier = false;
    } else if (ch === '(') {
      for (const [re, construct, rewrite] of GROUPS) {
        if (at(re, i)) return { kind: 'unsupported', found: { offset: i, construct, rewrite } };
      }
      if (++depth > MAX_SEARCH_NESTING) return { kind: 'too-deep', offset: i };
      const named = at(NAMED_GROUP, i);
      // A plain or named group becomes `(?:`; `(?i)`, `(?:` and the like are kept as written.
      if (named) {
        out += '(?:';
        i += named[0].length;
      } else if (pattern[i + 1] === '?') {
        out += '(';
        i += 1;
      } else {
        out += '(?:';
        i += 1;
      }
      afterQuantifier = false;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      out += ch;
      afterQuantifier = false;
      i += 1;
    } else if (afterQuantifier && ch === '+') {
      return {
        kind: 'unsupported',
        found: {
          offset: i,
          construct: 'a possessive quantifier',
          rewrite: `drop the '+' after the quantifier; RE2 never backtracks, so it is not needed`,
        },
      };
    } else {
      const counted = at(COUNTED, i);
      const length = counted ? counted[0].length : 1;
      // why: `a*?` is lazy, which RE2 runs; only a `+` right after a quantifier is possessive.
      afterQuantifier = counted !== null || '*+?'.includes(ch) ? !afterQuantifier : false;
      out += pattern.slice(i, i + length);
      i += length;
    }
  }
  return { kind: 'ok', withoutCaptures: out };
}

const BACK_REFERENCE = /\\(?:[1-9]|k[<{']|g[{0-9-])/y;
const NAMED_GROUP = /\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/y;
const COUNTED = /\{[0-9]+(?:,[0-9]*)?\}/y;

function skipClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++; // why: a leading ']' is literal in PCRE and RE2
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

/**
 * The `search` dialect: what authors of many public EQL queries meant. PCRE-style syntax as RE2
 * accepts it (inline flags such as `(?i)` included), searched anywhere in the value; `regex~`
 * adds case-insensitivity (RE2's Unicode-aware `i`).
 */
export function compileSearch(pattern: string, opts: EqlRegexOptions): CompiledEqlRegex {
  const scan = scanPattern(pattern);
  if (scan.kind === 'unsupported') {
    const bad = scan.found;
    throw new EqlRegexError(
      `cronwarden cannot run ${bad.construct} at ${bad.offset}: it needs a backtracking engine and regexes here run in linear time (RE2); ${bad.rewrite}`,
      bad.offset,
    );
  }
  if (scan.kind === 'too-deep') {
    throw new EqlRegexError(
      `cronwarden cannot evaluate regexes nested more than ${MAX_SEARCH_NESTING} levels deep (at ${scan.offset}): simplify it`,
      scan.offset,
    );
  }
  const flags = opts.caseInsensitive ? 'iu' : 'u';
  let regex: RE2;
  try {
    regex = new RE2(scan.withoutCaptures, flags);
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: /, '');
    throw new EqlRegexError(`invalid regular expression: ${reason}`, offsetOf(pattern, reason));
  }
  return {
    test: (value) => regex.test(value),
    locate: (value) => {
      const m = regex.exec(value);
      return m ? { start: m.index, end: m.index + m[0].length } : null;
    },
    warnings: [],
  };
}

/** RE2 messages end with the offending text (`invalid escape sequence: \Z`): find it. */
function offsetOf(pattern: string, reason: string): number {
  const snippet = /: (.+)$/.exec(reason)?.[1];
  const at = snippet ? pattern.indexOf(snippet) : -1;
  return at < 0 ? 0 : at;
}
