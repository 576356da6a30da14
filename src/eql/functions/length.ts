import { str } from './values.js';
import type { EqlFunction } from './types.js';

export const length: EqlFunction = {
  name: 'length',
  minArgs: 1,
  maxArgs: 1,
  caseInsensitive: false,
  returns: 'number',
  fieldQuery: false,
  compile() {
    return {
      apply([source]) {
        const s = str(source);
        // Elasticsearch counts Java chars (UTF-16 code units), as JavaScript does.
        return s === null ? null : s.length;
      },
    };
  },
};
