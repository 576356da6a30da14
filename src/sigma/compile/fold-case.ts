/**
 * Case folding for case-insensitive matching: Unicode lowercase, plus final sigma (ς) as σ.
 * JavaScript lowercases Σ to ς at the end of a word and to σ elsewhere, so without this a
 * pattern and a value could lowercase the same letter differently.
 */
export function foldCase(s: string): string {
  const lower = s.toLowerCase();
  // A one-byte (Latin-1) string cannot contain ς: this check is free for ASCII text.
  return lower.indexOf('ς') < 0 ? lower : lower.replaceAll('ς', 'σ');
}
