/**
 * Hostile input: arbitrary values never throw, and huge or deeply nested scripts return (the
 * caps in limits.ts bound the work; there are no timing asserts, the test timeout is the bound).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CommandAnalysis,
  analyzeContainerCommand,
  decodePayloads,
} from '../../../src/normalize/shell/index.js';
import { MAX_RESULTS } from '../../../src/normalize/shell/limits.js';

const SHELL_ALPHABET = [
  ...' \t\n;&|<>()$`\'"\\{}[]#=*?!-/.:,%^~@+_',
  ...'abcshxIFS019',
  '$(',
  '${',
  '$((',
  "$'",
  '<<',
  '<<<',
  '<<EOF\n',
  '\nEOF\n',
  '>&',
  '||',
  '&&',
  '-c ',
  'sh -c ',
  'eval ',
  'echo ',
  ' | base64 -d',
  ' | sh',
  'YmFzaCAtaQ==',
  '\\x62',
  'case ',
  ' in ',
  'esac',
  'for ',
  '()',
  '%s',
  'printf ',
];

const shellish = fc
  .array(fc.constantFrom(...SHELL_ALPHABET), { maxLength: 80 })
  .map((parts) => parts.join(''));
const anyString = fc.oneof(shellish, fc.string(), fc.string({ unit: 'binary' }));
const argList = fc.oneof(fc.array(anyString, { maxLength: 6 }), fc.anything());
const envMap = fc
  .array(fc.tuple(fc.constantFrom('X', 'IFS', 'P', 'HOME', '1'), anyString), { maxLength: 4 })
  .map((entries) => new Map(entries));

function checkShape(result: CommandAnalysis): void {
  expect(typeof result.commandLine).toBe('string');
  for (const list of [result.commands, result.programs, result.pipelines, result.payloads]) {
    expect(list.length).toBeLessThanOrEqual(MAX_RESULTS);
    for (const item of list) expect(typeof item).toBe('string');
  }
  expect(new Set(result.programs).size).toBe(result.programs.length);
  for (const program of result.programs) expect(program).toBe(program.toLowerCase());
}

describe('analyzeContainerCommand on arbitrary input', () => {
  it('never throws on shell-like scripts', () => {
    fc.assert(
      fc.property(anyString, envMap, (script, env) => {
        checkShape(analyzeContainerCommand(['/bin/sh', '-c', script], undefined, env));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary command/args values', () => {
    fc.assert(
      fc.property(argList, argList, envMap, (command, args, env) => {
        checkShape(analyzeContainerCommand(command, args, env));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws in decodePayloads', () => {
    fc.assert(
      fc.property(anyString, (text) => {
        for (const decoded of decodePayloads(text)) expect(typeof decoded).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });
});

const MB = 1024 * 1024;
const PAYLOAD = Buffer.from('echo $(echo $P | base64 -d | sh)').toString('base64');

describe('analyzeContainerCommand on huge and deeply nested input', () => {
  it.each<[string, string]>([
    ['nested $( unterminated', '$( '.repeat(MB / 3)],
    ['nested $( balanced', '$(echo '.repeat(50_000) + ')'.repeat(50_000)],
    ['nested backticks', '`echo \\`echo \\\\\\`'.repeat(MB / 20)],
    ['nested ${ defaults', '${X:-'.repeat(100_000) + '}'.repeat(100_000)],
    ['nested sh -c quoting', `sh -c 'sh -c "sh -c \\"`.repeat(MB / 30)],
    ['eval chains', 'eval '.repeat(MB / 5)],
    ['variable doubling', 'X=aaaaaaaa; ' + 'X=$X$X; '.repeat(64) + 'echo $X $X $X; '.repeat(1000)],
    ['many commands', 'a;'.repeat(MB / 2)],
    ['one long pipeline', 'a|'.repeat(MB / 2)],
    ['a pipeline of shells', `echo $X${'|sh'.repeat(MB / 3)}`],
    ['a pipeline of decoders', `echo $P${'|cat|base64 -d'.repeat(MB / 20)}|sh`],
    ['quotes', `"'\``.repeat(MB / 3)],
    ['heredocs', 'cat <<EOF\n'.repeat(MB / 10)],
    ['escapes', '\\x41'.repeat(MB / 4)],
    ['base64 tokens', `${PAYLOAD} `.repeat(MB / 50)],
    ['one huge base64 token', Buffer.from('echo hi; '.repeat(MB / 9)).toString('base64')],
    ['self-feeding env payload', 'echo $P | base64 -d | sh;'.repeat(MB / 30)],
    ['printf format reuse', `printf "${'%s'.repeat(1000)}AAAA" ${'a '.repeat(MB / 3)}`],
    ['case headers', 'case x in '.repeat(MB / 10)],
    ['parentheses', '('.repeat(MB)],
  ])('%s returns', (_name, script) => {
    const env = new Map([
      ['P', PAYLOAD],
      ['X', 'x'.repeat(MB)],
    ]);
    checkShape(analyzeContainerCommand(['/bin/sh', '-c', script], [script], env));
    expect(Array.isArray(decodePayloads(script))).toBe(true);
  });

  it('expands Kubernetes references to a huge value without multiplying it unboundedly', () => {
    const env = new Map([['A', 'x'.repeat(MB)]]);
    const result = analyzeContainerCommand(['sh', '-c', '$(A)'.repeat(10_000)], [], env);
    expect(result.commandLine.length).toBeLessThanOrEqual(2 * MB);
  });
});
