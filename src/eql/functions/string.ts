import { str } from './values.js';
import type { EqlFunction } from './types.js';

/** `string(value)`: the value as text. */
export const string: EqlFunction = {
  name: 'string',
  minArgs: 1,
  maxArgs: 1,
  caseInsensitive: false,
  returns: 'string',
  fieldQuery: false,
  compile() {
    return { apply: ([v]) => str(v) };
  },
};
