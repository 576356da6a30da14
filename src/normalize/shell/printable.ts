/**
 * Whether decoded bytes are text worth analysing. Real payloads (scripts, one-liners, URLs) are
 * all printable; bytes decoded from an ordinary word or a hex digest that merely look like base64
 * are close to random, and random bytes are printable UTF-8 only about a third of the time.
 * Requiring 90% keeps payloads with a few odd bytes (a stray control character, a non-UTF-8
 * byte) while a 9-byte false decode would need at least 8 printable bytes in a row by chance.
 */
export const MIN_PRINTABLE_RATIO = 0.9;

export function textIfPrintable(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  let total = 0;
  let printable = 0;
  for (const ch of text) {
    total++;
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd) continue;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    if (c >= 0x7f && c <= 0x9f) continue;
    printable++;
  }
  return printable >= total * MIN_PRINTABLE_RATIO ? text : null;
}

/** Shared by every decoder in one analysis so decoding output is bounded overall. */
export class DecodeBudget {
  constructor(private remainingBytes: number) {}

  get remaining(): number {
    return this.remainingBytes;
  }

  /** Reserves up to `wanted` bytes; returns how many may be produced. */
  take(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.remainingBytes));
    this.remainingBytes -= granted;
    return granted;
  }
}
