import { createHash } from 'node:crypto';

// The alphabet Kubernetes draws generated name suffixes and template hashes from: no vowels
// (no accidental words) and no characters that look alike.
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Deterministic randomness: every value is a hash of the build seed and a label. */
export class IdSource {
  constructor(private readonly seed: string) {}

  bytes(label: string): Buffer {
    return createHash('sha256').update(`${this.seed}\u0000${label}`).digest();
  }

  /** A UUIDv4-shaped string, like the API server's audit IDs and object uids. */
  uuid(label: string): string {
    const b = Buffer.from(this.bytes(label).subarray(0, 16));
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** A generated-name suffix (`-x7k2p`), or a longer template hash. */
  nameSuffix(label: string, length = 5): string {
    const b = this.bytes(label);
    let out = '';
    for (let i = 0; i < length; i++) out += NAME_ALPHABET[b[i % b.length]! % NAME_ALPHABET.length];
    return out;
  }

  /** An integer in [min, max], for latencies and jitter. */
  int(label: string, min: number, max: number): number {
    return min + (this.bytes(label).readUInt32BE(0) % (max - min + 1));
  }

  hex(label: string, length: number): string {
    return this.bytes(label).toString('hex').slice(0, length);
  }
}

/** Microseconds since the epoch as the audit log writes them: always six fractional digits. */
export function microTime(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

/** Object timestamps (creationTimestamp, managedFields time) have whole seconds. */
export function secondsTime(micros: number): string {
  return `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19)}Z`;
}

/**
 * A UUID-shaped identifier fixed by its text alone: for facts about the cluster (service
 * account and node uids) that stay the same whatever the build seed.
 */
export function fixedUuid(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
