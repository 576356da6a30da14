/**
 * POSIX shell quoting. Payloads carry quotes, `$`, backticks and `>&`, so anything beyond a
 * conservative set of characters goes in single quotes, where only `'` itself needs care.
 */
export function shQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from words, each quoted as needed. */
export function shJoin(words: readonly string[]): string {
  return words.map(shQuote).join(' ');
}

/** `# text`, one comment line per line of text, so no value can end the comment early. */
export function comment(text: string, indent = ''): string {
  return text
    .split('\n')
    .map((line) => `${indent}# ${line}`.trimEnd())
    .join('\n');
}

/**
 * `cat > FILE <<'EOF' … EOF`. The quoted delimiter stops expansion inside the body; it is
 * lengthened until no line of the body equals it.
 */
export function heredoc(file: string, body: string): string {
  const lines = new Set(body.split('\n'));
  let delimiter = 'EOF';
  while (lines.has(delimiter)) delimiter += '_';
  const text = body.endsWith('\n') ? body : `${body}\n`;
  return `cat > ${shQuote(file)} <<'${delimiter}'\n${text}${delimiter}`;
}
