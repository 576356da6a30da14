import RE2 from 're2';
import { type CompiledEqlRegex, EqlRegexError, type EqlRegexOptions } from './types.js';

interface Unsupported {
  offset: number;
  construct: string;
  rewrite: string;
}

const GROUPS: [RegExp, string, string][] = [
  [
    /^\(\?<?[=!]/,
    'look-around',
    'match the surrounding text itself, or split it into two conditions joined with `and` / `and not`',
  ],
  [
    /^\(\?>/,
    'an atomic group',
    'use a plain group `(?:…)`; RE2 never backtracks, so it is not needed',
  ],
  [/^\(\?(?:R|[0-9]|[+-][0-9]|&)/, 'recursion', 'write the nesting out to a fixed depth'],
  [/^\(\?\(/, 'a conditional group', 'use an alternation `(?:a|b)`'],
  [/^\(\?\|/, 'a branch-reset group', 'use a plain group `(?:…)`'],
  [/^\(\?#/, 'a comment group', 'remove the comment'],
];

/**
 * PCRE constructs that need backtracking, so RE2 (linear time) cannot run them. Found before
 * compiling so the error names the construct and its offset instead of RE2's terse message.
 */
export function findUnsupported(pattern: string): Unsupported | null {
  let afterQuantifier = false;
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i]!;
    const rest = pattern.slice(i);
    if (ch === '\\') {
      if (/^\\(?:[1-9]|k[<{']|g[{0-9-])/.test(rest)) {
        return {
          offset: i,
          construct: 'a back-reference',
          rewrite: 'repeat the referenced text explicitly, or test the two parts separately',
        };
      }
      afterQuantifier = false;
      i += 2;
    } else if (ch === '[') {
      i = skipClass(pattern, i);
      afterQuantifier = false;
    } else if (ch === '(') {
      for (const [re, construct, rewrite] of GROUPS) {
        if (re.test(rest)) return { offset: i, construct, rewrite };
      }
      afterQuantifier = false;
      i += 1;
    } else if (afterQuantifier && ch === '+') {
      return {
        offset: i,
        construct: 'a possessive quantifier',
        rewrite: `drop the '+' after the quantifier; RE2 never backtracks, so it is not needed`,
      };
    } else {
      const counted = /^\{[0-9]+(?:,[0-9]*)?\}/.exec(rest);
      if (counted || '*+?'.includes(ch)) {
        // why: `a*?` is lazy, which RE2 runs; only a `+` right after a quantifier is possessive.
        afterQuantifier = !afterQuantifier;
        i += counted ? counted[0].length : 1;
      } else {
        afterQuantifier = false;
        i += 1;
      }
    }
  }
  return null;
}

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
  const bad = findUnsupported(pattern);
  if (bad) {
    throw new EqlRegexError(
      `cronwarden cannot run ${bad.construct} at ${bad.offset}: it needs a backtracking engine and regexes here run in linear time (RE2); ${bad.rewrite}`,
      bad.offset,
    );
  }
  let regex: RE2;
  try {
    regex = new RE2(pattern, opts.caseInsensitive ? 'iu' : 'u');
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
