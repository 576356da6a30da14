import { decodeEscapes } from './escapes.js';
import { MAX_DECODED_BYTES, MAX_PAYLOAD_DEPTH } from './limits.js';
import { DecodeBudget, textIfPrintable } from './printable.js';

/**
 * Finding encoded payloads in free text (scripts, one-liners, env values).
 *
 * - base64, standard or URL-safe alphabet, padded or not: runs of at least 12 characters (9
 *   bytes). Shorter ones are too often ordinary words; short payloads piped through
 *   `base64 -d` are still decoded by the pipeline evaluator.
 * - hex: runs of at least 16 hex digits (8 bytes), for the same reason (`xxd -r -p` pipelines
 *   are evaluated whatever the length).
 * - escapes: a line holding 2+ `\xHH` / octal / unicode escapes is decoded whole, so the result
 *   keeps its context (`echo -e '/dev/tcp/…'`).
 * Each candidate is kept only if it decodes to mostly printable text (see printable.ts).
 */
export const MIN_BASE64_CHARS = 12;
export const MIN_HEX_CHARS = 16;

const BASE64_CHARS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') {
  BASE64_CHARS[c.charCodeAt(0)] = 1;
}

function isBase64Char(code: number): boolean {
  return code < 128 && BASE64_CHARS[code] === 1;
}

function isHexChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

export interface DecodedText {
  text: string;
  /** Decoded from base64/hex: possibly a script. Escape decoding only rewrites visible text. */
  encoded: boolean;
}

/** One layer of decoding. `tried` is shared across calls so repeated tokens cost nothing. */
export function decodeLayer(text: string, budget: DecodeBudget, tried: Set<string>): DecodedText[] {
  const found: DecodedText[] = [];
  let encoded = true;
  const keep = (decoded: string | null) => {
    if (decoded !== null && decoded !== text) found.push({ text: decoded, encoded });
  };
  let i = 0;
  while (i < text.length) {
    if (!isBase64Char(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isBase64Char(text.charCodeAt(i))) i++;
    if (i - start < MIN_BASE64_CHARS) continue;
    const run = text.slice(start, i);
    const whole = decodeToken(run, budget, tried);
    keep(whole);
    // A token glued to a path (`http://host/aGVsbG8…`) is misaligned as a whole; try its parts.
    if (whole === null && run.includes('/')) {
      for (const part of run.split('/')) {
        if (part.length >= MIN_BASE64_CHARS) keep(decodeToken(part, budget, tried));
      }
    }
  }
  encoded = false;
  for (const line of escapedLines(text)) {
    if (tried.has(line) || budget.remaining < line.length) continue;
    tried.add(line);
    keep(accept(Buffer.from(decodeEscapes(line, 'printf').text, 'utf8'), budget));
  }
  return found;
}

function decodeToken(token: string, budget: DecodeBudget, tried: Set<string>): string | null {
  if (tried.has(token) || budget.remaining === 0) return null;
  tried.add(token);
  let isHex = token.length % 2 === 0 && token.length >= MIN_HEX_CHARS;
  for (let j = 0; isHex && j < token.length; j++) isHex = isHexChar(token.charCodeAt(j));
  if (isHex) {
    const hexChars = Math.min(token.length, budget.remaining * 2);
    const text = accept(Buffer.from(token.slice(0, hexChars), 'hex'), budget);
    if (text !== null) return text;
  }
  if (token.length % 4 === 1) return null;
  const base64Chars = Math.min(token.length, Math.floor(budget.remaining / 3) * 4);
  return accept(Buffer.from(token.slice(0, base64Chars), 'base64'), budget);
}

/** Only accepted output is charged: rejected tokens cost time linear in the text, no more. */
function accept(bytes: Buffer, budget: DecodeBudget): string | null {
  const text = textIfPrintable(bytes);
  if (text !== null) budget.take(bytes.length);
  return text;
}

/** Lines with at least two numeric escapes (`\x62`, `\142`, `\u0062`). */
function escapedLines(text: string): string[] {
  const lines: string[] = [];
  let lineStart = 0;
  let escapes = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === undefined || c === '\n') {
      if (escapes >= 2) lines.push(text.slice(lineStart, i));
      lineStart = i + 1;
      escapes = 0;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (
        next === 'x' ||
        next === 'u' ||
        next === 'U' ||
        (next !== undefined && next >= '0' && next <= '7')
      ) {
        escapes++;
      }
    }
  }
  return lines;
}

/**
 * Every layer of decoded text in `text` (a payload inside a payload is returned too, up to
 * MAX_PAYLOAD_DEPTH layers and MAX_DECODED_BYTES in total). For env values and other text that
 * is not a command; container commands go through analyzeContainerCommand instead.
 */
export function decodePayloads(text: string): string[] {
  if (typeof text !== 'string') return [];
  const budget = new DecodeBudget(MAX_DECODED_BYTES);
  const tried = new Set<string>();
  const results = new Set<string>();
  let layer = [text];
  for (let depth = 0; depth < MAX_PAYLOAD_DEPTH && layer.length > 0; depth++) {
    const next: string[] = [];
    for (const item of layer) {
      for (const { text: decoded } of decodeLayer(item, budget, tried)) {
        if (results.has(decoded)) continue;
        results.add(decoded);
        next.push(decoded);
      }
    }
    layer = next;
  }
  return [...results];
}
