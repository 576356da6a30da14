import { ANY_ONE, ANY_RUN, type Glob } from '../compile/glob.js';

/** Characters a Windows command-line flag may start with. */
export const WINDASH_CHARACTERS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;

/** Past this many variants a rule is almost certainly a mistake; refuse rather than blow up. */
export const WINDASH_MAX_VARIANTS = 3125;

const WORD = /[\p{L}\p{N}_]/u;

function isWord(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c);
}

/**
 * Every variant of a value where each flag dash (a `-` or `/` not preceded by a word character
 * and followed by one: ` -x`, `/x` at the start) is replaced by each of WINDASH_CHARACTERS.
 * Wildcards count as non-word characters.
 */
export function windashVariants(glob: Glob): Glob[] {
  // Flatten to characters with wildcard markers so neighbours can be inspected across parts.
  const chars: (string | typeof ANY_RUN | typeof ANY_ONE)[] = [];
  for (const p of glob) {
    if (typeof p === 'string') chars.push(...p);
    else chars.push(p);
  }
  const positions: number[] = [];
  chars.forEach((c, i) => {
    if (c !== '-' && c !== '/') return;
    const before = chars[i - 1];
    const after = chars[i + 1];
    const beforeIsWord = typeof before === 'string' && isWord(before);
    const afterIsWord = typeof after === 'string' && isWord(after);
    if (!beforeIsWord && afterIsWord) positions.push(i);
  });
  const count = WINDASH_CHARACTERS.length ** positions.length;
  if (count > WINDASH_MAX_VARIANTS) {
    throw new RangeError(
      `windash would create ${count} variants (${positions.length} flags); split the value`,
    );
  }
  const variants: Glob[] = [];
  for (let n = 0; n < count; n++) {
    const copy = chars.slice();
    let rest = n;
    for (const pos of positions) {
      copy[pos] = WINDASH_CHARACTERS[rest % WINDASH_CHARACTERS.length]!;
      rest = Math.floor(rest / WINDASH_CHARACTERS.length);
    }
    variants.push(copy);
  }
  return variants;
}
