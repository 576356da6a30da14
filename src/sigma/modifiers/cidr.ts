import { isIP } from 'node:net';

/** A parsed network: address bits as a bigint so IPv4 and IPv6 share one code path. */
export interface Network {
  version: 4 | 6;
  bits: bigint;
  prefix: number;
  text: string;
  /** IPv4 only: network address and mask as unsigned 32-bit numbers (no BigInt per check). */
  v4base: number;
  v4mask: number;
}

/** Parses `a.b.c.d/n` or `x::y/n`; host bits must be zero, as in the Sigma reference. */
export function parseCidr(text: string): Network | string {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(addr);
  if (version === 0) return `'${addr}' is not an IPv4 or IPv6 address`;
  const width = version === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(width) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
    return `'/${prefixText}' is not a prefix length between 0 and ${width}`;
  }
  const prefix = Number(prefixText);
  const bits = addressBits(addr, version)!;
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  if ((bits & hostMask) !== 0n) return `'${text}' has host bits set; write the network address`;
  const v4mask = version === 4 && prefix > 0 ? (0xffffffff << (32 - prefix)) >>> 0 : 0;
  const v4base = version === 4 ? Number(bits) >>> 0 : 0;
  return { version: version as 4 | 6, bits, prefix, text, v4base, v4mask };
}

/** Whether `address` (IPv4, IPv6, or IPv4-mapped IPv6) lies in `net`. */
export function cidrContains(net: Network, address: string): boolean {
  if (net.version === 4) {
    const v4 = parseIPv4(address);
    if (v4 >= 0) return (v4 & net.v4mask) >>> 0 === net.v4base;
  }
  let version = isIP(address);
  if (version === 0) return false;
  let addr = address;
  if (version === 6 && net.version === 4) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (!mapped) return false;
    addr = mapped[1]!;
    version = 4;
  }
  if (version !== net.version) return false;
  const width = version === 4 ? 32 : 128;
  const bits = addressBits(addr, version);
  if (bits === undefined) return false;
  const shift = BigInt(width - net.prefix);
  return bits >> shift === net.bits >> shift;
}

function addressBits(addr: string, version: number): bigint | undefined {
  if (version === 4) {
    const parts = addr.split('.').map(Number);
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
  }
  const zone = addr.indexOf('%');
  let a = zone < 0 ? addr : addr.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number) as [number, number, number, number];
    a = a.slice(0, v4.index) + ((b0 << 8) | b1).toString(16) + ':' + ((b2 << 8) | b3).toString(16);
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...headGroups, ...new Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

/** Dotted-quad IPv4 to an unsigned 32-bit number, or -1; strict like node:net (no leading zeros). */
function parseIPv4(s: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}
