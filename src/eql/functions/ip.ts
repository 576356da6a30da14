import { isIP } from 'node:net';

/** An address as 16 bytes (IPv4 mapped into ::ffff:0:0/96, as Elasticsearch's ip type does). */
export type IpBytes = Uint8Array;

export function parseIp(text: string): IpBytes | null {
  const kind = isIP(text);
  if (kind === 4) return v4ToBytes(text);
  if (kind === 6) return v6ToBytes(text);
  return null;
}

function v4ToBytes(text: string): IpBytes {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  text.split('.').forEach((part, i) => (out[12 + i] = Number(part)));
  return out;
}

function v6ToBytes(text: string): IpBytes {
  const out = new Uint8Array(16);
  let body = text.split('%')[0]!;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  let tailBytes: number[] = [];
  if (tail.includes('.')) {
    tailBytes = tail.split('.').map(Number);
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = body.includes('::') ? body.split('::') : [body, undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const groups =
    rest === undefined
      ? headGroups
      : [
          ...headGroups,
          ...Array<string>(8 - headGroups.length - restGroups.length).fill('0'),
          ...restGroups,
        ];
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  if (tailBytes.length === 4) tailBytes.forEach((b, i) => (out[12 + i] = b));
  return out;
}

export interface Cidr {
  contains(ip: IpBytes): boolean;
}

export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return null;
  const v4 = isIP(slash < 0 ? text : text.slice(0, slash)) === 4;
  const maxBits = v4 ? 32 : 128;
  const bitsText = slash < 0 ? String(maxBits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > maxBits) return null;
  const prefix = v4 ? bits + 96 : bits;
  return {
    contains(ip) {
      for (let bit = 0; bit < prefix; bit += 8) {
        const take = Math.min(8, prefix - bit);
        const mask = (0xff << (8 - take)) & 0xff;
        const i = bit >> 3;
        if ((ip[i]! & mask) !== (addr[i]! & mask)) return false;
      }
      return true;
    },
  };
}
