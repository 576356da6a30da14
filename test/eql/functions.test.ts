import { describe, expect, it } from 'vitest';
import type { EqlDocument } from '../../src/eql/index.js';
import { matches } from './helpers.js';

const doc: EqlDocument = {
  name: 'Cmd.EXE',
  path: 'C:\\Windows\\System32\\cmd.exe',
  n: 7,
  hex: '0x1F',
  list: ['alpha', 'beta'],
  ip: '192.168.1.20',
};

const cases: [string, boolean][] = [
  ['startsWith(name, "Cmd")', true],
  ['startsWith(name, "cmd")', false],
  ['startsWith~(name, "cmd")', true],
  ['STARTSWITH~(name, "CMD")', true],
  ['endsWith(name, ".EXE")', true],
  ['endsWith(name, ".exe")', false],
  ['endsWith~(name, ".exe")', true],
  ['stringContains(path, "System32")', true],
  ['stringContains(path, "system32")', false],
  ['stringContains~(path, "system32")', true],
  ['length(name) == 7', true],
  ['length(list) == 4', true],
  ['wildcard(name, "Cmd*")', true],
  ['wildcard(name, "cmd*", "x")', false],
  ['wildcard~(name, "cmd*", "x")', true],
  ['between(path, "System32\\\\", ".exe") == "cmd"', true],
  ['between~(path, "system32\\\\", ".EXE") == "cmd"', true],
  ['between(path, "\\\\", "\\\\", true) == "Windows\\\\System32"', true],
  ['between(path, "\\\\", "\\\\") == "Windows"', true],
  ['between(path, "nope", "x") == ""', true],
  ['concat(name, "-", n) == "Cmd.EXE-7"', true],
  ['concat(name, missing) == "Cmd.EXE"', false],
  ['indexOf(name, ".") == 3', true],
  ['indexOf~(name, "exe") == 4', true],
  ['indexOf(name, "zzz") == null', true],
  ['indexOf(name, "E", 5) == 6', true],
  ['substring(name, 0, 3) == "Cmd"', true],
  ['substring(name, -3) == "EXE"', true],
  ['substring(name, 1, -4) == "md"', true],
  ['number("42") == 42', true],
  ['number(hex, 16) == 31', true],
  ['number("1.5") == 1.5', true],
  ['number("zz") == null', true],
  // Elasticsearch's ToNumberFunctionProcessor: 0x means hex without a base; Double.valueOf
  // trims whitespace and takes exponents and a d/f suffix; an unconvertible text gives null.
  ['number("0x1f") == 31', true],
  ['number("0X1f") == null', true],
  ['number(" 1e3 ") == 1000', true],
  ['number("2.5d") == 2.5', true],
  ['number("12abc") == null', true],
  ['number("ff", 16) == 255', true],
  ['number("0x1f", 10) == null', true],
  ['string(n) == "7"', true],
  ['add(n, 1) == 8', true],
  ['subtract(n, 10) == -3', true],
  ['multiply(n, 2) == 14', true],
  ['divide(n, 2) == 3', true],
  ['divide(n, 2.0) == 3.5', true],
  ['divide(n, 0) == null', true],
  ['modulo(n, 4) == 3', true],
  ['n + 1 == 8', true],
  ['n * 2 - 4 == 10', true],
  ['(4 / n) == 0', true],
  ['-n == -7', true],
  ['n % 4 == 3', true],
  ['cidrMatch(ip, "192.168.0.0/16")', true],
  ['startsWith(list, "be")', true],
];

describe('EQL functions', () => {
  it.each(cases)('any where %s', (condition, expected) => {
    expect(matches(`any where ${condition}`, doc)).toBe(expected);
  });
});
