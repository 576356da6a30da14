/** Backslash escapes and printf/echo output, the building blocks of escape obfuscation. */
import { describe, expect, it } from 'vitest';
import { echoOutput, printfCall } from '../../../src/normalize/shell/echo-printf.js';
import { type EscapeDialect, decodeEscapes } from '../../../src/normalize/shell/escapes.js';

describe('decodeEscapes', () => {
  it.each<[EscapeDialect, string, string]>([
    ['ansi-c', '\\x62\\x61sh', 'bash'],
    ['ansi-c', '\\142\\141\\163\\150', 'bash'],
    ['ansi-c', '\\u0062\\U00000061sh', 'bash'],
    ['ansi-c', 'it\\\'s \\"q\\"', 'it\'s "q"'],
    ['ansi-c', '\\cA', '\u0001'],
    ['ansi-c', '\\xc3\\xa9', 'é'],
    ['echo', '\\0142ash', 'bash'],
    ['echo', '\\142ash', '\\142ash'],
    ['echo', 'a\\cb', 'a'],
    ['printf', '\\142ash\\n', 'bash\n'],
    ['printf', '\\x', '\\x'],
    ['printf', '\\q \\', '\\q \\'],
  ])('%s %j → %j', (dialect, input, expected) => {
    expect(decodeEscapes(input, dialect).text).toBe(expected);
  });

  it('counts numeric escapes as a sign of obfuscation', () => {
    expect(decodeEscapes('\\x62\\141\\n', 'ansi-c').numericEscapes).toBe(2);
  });
});

describe('echo and printf output', () => {
  it.each<[string[], string, boolean]>([
    [['hello', 'world'], 'hello world\n', false],
    [['-n', 'x'], 'x', false],
    [['-e', '\\x2fdev\\x2ftcp'], '/dev/tcp\n', true],
    [['-ne', '\\x41'], 'A', true],
    [['\\x41'], '\\x41\n', false],
  ])('echo %j', (args, text, decoded) => {
    expect(echoOutput(args)).toEqual({ text, decoded });
  });

  it.each<[string[], string, boolean]>([
    [['\\x62\\x61\\x73\\x68'], 'bash', true],
    [['%s-%s;', 'a', 'b', 'c'], 'a-b;c-;', false],
    [['%b', '\\x41'], 'A', true],
    [['%o', '98'], '142', false],
    [['%x|%d|%c|%%', '255', '7', 'zed'], 'ff|7|z|%', false],
    [['--', '%s', 'x'], 'x', false],
  ])('printf %j', (args, text, decoded) => {
    expect(printfCall(args, 1000)).toEqual({ variable: null, output: { text, decoded } });
  });

  it('printf -v assigns instead of printing', () => {
    expect(printfCall(['-v', 'X', '%s', 'v'], 1000)?.variable).toBe('X');
  });

  it('caps printf format reuse', () => {
    const args = ['%sAAAAAAAAAA', ...Array.from({ length: 10_000 }, () => 'b')];
    expect(printfCall(args, 500)!.output.text.length).toBeLessThanOrEqual(500);
  });
});
