import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, type Network } from '../../../src/sigma/modifiers/cidr.js';
import { base64Offsets, encodeText } from '../../../src/sigma/modifiers/encoding.js';
import { windashVariants } from '../../../src/sigma/modifiers/windash.js';
import { parseSigmaString } from '../../../src/sigma/compile/glob.js';

describe('base64offset', () => {
  it('each form appears in the encoding of the value at offsets 0, 1 and 2', () => {
    for (const value of ['bash -i', '/dev/tcp/', 'a', 'ab', 'abc', 'abcd']) {
      const forms = base64Offsets(Buffer.from(value));
      for (let offset = 0; offset < 3; offset++) {
        for (const tail of ['', 'x', 'xy', 'xyz']) {
          const stream = Buffer.from('P'.repeat(offset) + value + tail).toString('base64');
          expect(forms.some((f) => stream.includes(f))).toBe(true);
        }
      }
    }
  });

  it('matches the known forms of "ping"', () => {
    expect(base64Offsets(Buffer.from('ping'))).toEqual(['cGluZ', 'Bpbm', 'waW5n']);
  });
});

describe('utf16 encodings', () => {
  it('encodes little-endian, big-endian and with a byte-order mark', () => {
    expect([...encodeText('ab', 'utf16le')]).toEqual([0x61, 0, 0x62, 0]);
    expect([...encodeText('ab', 'utf16be')]).toEqual([0, 0x61, 0, 0x62]);
    expect([...encodeText('a', 'utf16')]).toEqual([0xff, 0xfe, 0x61, 0]);
  });
});

describe('windash', () => {
  const variants = (s: string): string[] =>
    windashVariants(parseSigmaString(s)).map((g) =>
      g.filter((p) => typeof p === 'string').join(''),
    );

  it('varies only dashes that start a flag', () => {
    expect(variants('-a')).toEqual(['-a', '/a', '\u2013a', '\u2014a', '\u2015a']);
    expect(variants('a-b')).toEqual(['a-b']);
    expect(variants('x --y').sort()).toEqual(
      ['x -/y', 'x --y', 'x -\u2013y', 'x -\u2014y', 'x -\u2015y'].sort(),
    );
  });

  it('creates every combination', () => {
    expect(variants('cmd -a -b')).toHaveLength(25);
  });
});

describe('cidr', () => {
  const net = (s: string): Network => parseCidr(s) as Network;
  it('matches IPv4, IPv6 and IPv4-mapped addresses', () => {
    expect(cidrContains(net('10.0.0.0/8'), '10.2.3.4')).toBe(true);
    expect(cidrContains(net('10.0.0.0/8'), '11.2.3.4')).toBe(false);
    expect(cidrContains(net('10.0.0.0/8'), '::ffff:10.1.1.1')).toBe(true);
    expect(cidrContains(net('fd00::/8'), 'fd12:3456::1')).toBe(true);
    expect(cidrContains(net('fd00::/8'), 'fe80::1')).toBe(false);
    expect(cidrContains(net('0.0.0.0/0'), '8.8.8.8')).toBe(true);
    expect(cidrContains(net('192.168.1.7/32'), '192.168.1.7')).toBe(true);
    expect(cidrContains(net('10.0.0.0/8'), 'not an ip')).toBe(false);
  });

  it('rejects malformed networks and host bits', () => {
    expect(typeof parseCidr('10.0.0.1/8')).toBe('string');
    expect(typeof parseCidr('10.0.0.0/33')).toBe('string');
    expect(typeof parseCidr('banana/8')).toBe('string');
  });
});

describe('cidr IPv4 fast path', () => {
  it('agrees with node:net on dotted quads, including malformed ones', async () => {
    const { BlockList } = await import('node:net');
    const fc = (await import('fast-check')).default;
    const nets = ['10.0.0.0/8', '192.168.1.0/24', '0.0.0.0/0', '203.0.113.7/32', '172.16.0.0/12'];
    fc.assert(
      fc.property(
        fc.constantFrom(...nets),
        fc.oneof(
          fc.ipV4(),
          fc.constantFrom('01.2.3.4', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '', '1.2.3.4 '),
        ),
        (netText, addr) => {
          const [base, prefix] = netText.split('/') as [string, string];
          const list = new BlockList();
          list.addSubnet(base, Number(prefix), 'ipv4');
          let expected: boolean;
          try {
            expected = list.check(addr, 'ipv4');
          } catch {
            expected = false;
          }
          expect(cidrContains(parseCidr(netText) as Network, addr)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
