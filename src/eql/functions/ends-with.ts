import { stringTest } from './string-test.js';

export const endsWith = stringTest(
  'endsWith',
  (value, suffix) => value.endsWith(suffix),
  (suffix) => (v) => ({ start: v.length - suffix.length, end: v.length }),
);
