/** Byte encodings a Sigma value can be put through before base64 (`wide`, `utf16be`, `utf16`). */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'utf16';

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'utf16':
      // Sigma's `utf16` is little-endian with a byte-order mark, as Windows writes it.
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  }
}

export function base64(bytes: Buffer): string {
  return bytes.toString('base64');
}

const OFFSET_START = [0, 2, 3] as const;
const OFFSET_END_TRIM = [0, 3, 2] as const;

/**
 * The three forms `bytes` takes inside a longer base64 stream, depending on whether it starts
 * at byte offset 0, 1 or 2 of a 3-byte group. Characters that also depend on neighbouring bytes
 * are cut off, so each form is a substring of any encoding that contains the value.
 */
export function base64Offsets(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const encoded = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    const trim = OFFSET_END_TRIM[(bytes.length + i) % 3]!;
    out.push(encoded.slice(OFFSET_START[i]!, encoded.length - trim));
  }
  return out;
}
