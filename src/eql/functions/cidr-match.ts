import { parseCidr, parseIp, type Cidr } from './ip.js';
import { constantString, str } from './values.js';
import { FunctionArgError, type EqlFunction } from './types.js';

/** `cidrMatch(ip, cidr, …)`: IPv4 and IPv6 blocks; true when the address is in any of them. */
export const cidrMatch: EqlFunction = {
  name: 'cidrMatch',
  minArgs: 2,
  maxArgs: Infinity,
  caseInsensitive: false,
  returns: 'boolean',
  fieldQuery: true,
  compile(args) {
    const blocks: Cidr[] = args.slice(1).map((_, i) => {
      const text = constantString(args, i + 1, 'a CIDR block');
      const cidr = parseCidr(text);
      if (!cidr) throw new FunctionArgError(`"${text}" is not a valid CIDR block`, i + 1);
      return cidr;
    });
    return {
      apply([source]) {
        const s = str(source);
        if (s === null) return null;
        const ip = parseIp(s);
        if (!ip) return false;
        return blocks.some((b) => b.contains(ip));
      },
    };
  },
};
