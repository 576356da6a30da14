/**
 * Where JSON text goes wrong, for problem messages. V8 gives a position for some syntax errors
 * but not for "Unexpected token" ones, and people need the column to find the spot in a 2 MiB
 * line, so the text is scanned again on the error path only.
 */

/**
 * `invalid JSON at column 57: Unexpected token 'x'`. For a document spanning lines, give
 * `firstLine` (the file line the text starts on) to get `at line 12 column 3`.
 */
export function describeJsonError(text: string, error: unknown, firstLine?: number): string {
  const offset = jsonErrorOffset(text);
  const detail = shortMessage(error instanceof Error ? error.message : String(error));
  if (offset < 0) return `invalid JSON: ${detail}`;
  if (firstLine === undefined) return `invalid JSON at column ${offset + 1}: ${detail}`;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = firstLine;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return `invalid JSON at line ${line} column ${offset - lineStart + 1}: ${detail}`;
}

// V8 appends the position we already report and quotes the input, which can be long or binary.
function shortMessage(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^(Unexpected token '.{1,2}'), .*$/s, '$1')
    .slice(0, 200);
}

type Expect = 'value' | 'keyOrEnd' | 'key' | 'colon' | 'commaOrEnd' | 'valueOrEnd' | 'done';

/** Offset of the first character that makes `text` invalid JSON, or -1 if it is valid. */
export function jsonErrorOffset(text: string): number {
  // Iterative, so hostile nesting depth cannot overflow the call stack.
  const open: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (open.length === 0 ? 'done' : 'commaOrEnd');
  while (true) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= text.length) return expect === 'done' ? -1 : text.length;
    const c = text[i]!;
    switch (expect) {
      case 'done':
        return i;
      case 'colon':
        if (c !== ':') return i;
        i++;
        expect = 'value';
        continue;
      case 'commaOrEnd':
        if (c === ',') {
          expect = open[open.length - 1] === '{' ? 'key' : 'value';
          i++;
          continue;
        }
        if (c !== (open[open.length - 1] === '{' ? '}' : ']')) return i;
        open.pop();
        i++;
        expect = afterValue();
        continue;
      case 'keyOrEnd':
      case 'key':
        if (c === '}' && expect === 'keyOrEnd') {
          open.pop();
          i++;
          expect = afterValue();
          continue;
        }
        if (c !== '"') return i;
        i = stringEnd(text, i);
        if (i < 0) return -i - 1;
        expect = 'colon';
        continue;
      case 'valueOrEnd':
        if (c === ']') {
          open.pop();
          i++;
          expect = afterValue();
          continue;
        }
        expect = 'value';
        continue;
      case 'value': {
        if (c === '{' || c === '[') {
          open.push(c);
          i++;
          expect = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
          continue;
        }
        const end = c === '"' ? stringEnd(text, i) : scalarEnd(text, i);
        if (end < 0) return -end - 1;
        i = end;
        expect = afterValue();
      }
    }
  }
}

// End offset of the string starting at `start`, or -(error offset) - 1.
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return -i - 1;
    if (code !== 0x5c) continue;
    const next = text[i + 1];
    if (next === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -(i + 1) - 1;
      i += 5;
    } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
    else return -(i + 1) - 1;
  }
  return -text.length - 1;
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scalarEnd(text: string, start: number): number {
  LITERAL.lastIndex = start;
  const m = LITERAL.exec(text);
  if (!m || m[0] === '' || m[0] === '-') return -start - 1;
  const end = start + m[0].length;
  // `1.` or `tru` must point at the character that broke it, not at the start.
  const next = text[end];
  if (next !== undefined && /[0-9.eE+\-a-zA-Z]/.test(next)) return -end - 1;
  return end;
}
