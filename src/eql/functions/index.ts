import { add, divide, modulo, multiply, subtract } from './arithmetic.js';
import { between } from './between.js';
import { cidrMatch } from './cidr-match.js';
import { concat } from './concat.js';
import { endsWith } from './ends-with.js';
import { indexOf } from './index-of.js';
import { length } from './length.js';
import { number } from './number.js';
import { startsWith } from './starts-with.js';
import { string } from './string.js';
import { stringContains } from './string-contains.js';
import { substring } from './substring.js';
import type { EqlFunction } from './types.js';
import { wildcard } from './wildcard.js';

export type * from './types.js';
export { FunctionArgError } from './types.js';

const ALL: EqlFunction[] = [
  add,
  between,
  cidrMatch,
  concat,
  divide,
  endsWith,
  indexOf,
  length,
  modulo,
  multiply,
  number,
  startsWith,
  string,
  stringContains,
  substring,
  subtract,
  wildcard,
];

// Elasticsearch resolves function names ignoring case (`startswith` is `startsWith`).
const BY_NAME = new Map(ALL.map((f) => [f.name.toLowerCase(), f]));

export function lookupFunction(name: string): EqlFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export const FUNCTION_NAMES: readonly string[] = ALL.map((f) => f.name);
