import { stringTest } from './string-test.js';

export const startsWith = stringTest(
  'startsWith',
  (value, prefix) => value.startsWith(prefix),
  (prefix) => () => ({ start: 0, end: prefix.length }),
);
