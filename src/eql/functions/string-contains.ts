import { foldCase } from '../../sigma/compile/fold-case.js';
import { locateLiteral } from '../compile/evidence.js';
import { stringTest } from './string-test.js';

export const stringContains = stringTest(
  'stringContains',
  (value, needle) => value.includes(needle),
  (needle, ci) => locateLiteral(needle, ci ? foldCase : undefined) ?? undefined,
);
