import { describe, expect, it } from 'vitest';
import { compileExceptions } from '../../src/config/exceptions.js';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.js';
import { normalize } from '../../src/normalize/index.js';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'c.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('config loading', () => {
  it('loads the shipped example', () => {
    const config = loadConfig(new URL('../../examples/config.yaml', import.meta.url).pathname);
    expect(config.exceptions.length).toBeGreaterThanOrEqual(3);
  });

  it('names the file, line and key path of every problem at once', () => {
    const out = problems(
      [
        'exceptions:',
        '  - name: a',
        '    reason: r',
        '    match: {namespaces: [ci]}',
        '    expires: 2026-13-45',
        '  - name: b',
        '    match: {nope: 1}',
      ].join('\n'),
    );
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^c\.yaml:5:\d+: exceptions\[0\]\.expires: /);
    expect(out.some((p) => /^c\.yaml:6:\d+: exceptions\[1\]\.reason: required/.test(p))).toBe(true);
    expect(out.some((p) => /^c\.yaml:7:\d+: exceptions\[1\]\.match: .*nope/.test(p))).toBe(true);
  });

  it('reports YAML syntax errors with a position', () => {
    expect(problems('exceptions: [\n  {name: a')[0]).toMatch(/^c\.yaml:\d+:\d+: invalid YAML/);
  });

  it('rejects unknown top-level keys and empty match blocks', () => {
    expect(problems('exception: []')[0]).toMatch(/\(top level\)|exception/);
    expect(problems('exceptions:\n  - {name: a, reason: r, match: {}}')[0]).toMatch(
      /at least one condition/,
    );
  });

  it('reports a missing file as a config error', () => {
    expect(() => loadConfig('/nonexistent/c.yaml')).toThrow(ConfigError);
  });
});

const pod = (namespace: string, images: string[], username = 'system:serviceaccount:ci:runner') =>
  normalize({
    verb: 'create',
    stage: 'ResponseComplete',
    user: { username },
    objectRef: { resource: 'pods', namespace, name: 'p' },
    requestObject: {
      metadata: { namespace, labels: { app: 'x' } },
      spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
    },
  });

describe('exceptions', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const [ci, scanner, expired] = compileExceptions(
    [
      {
        name: 'ci',
        reason: 'r',
        match: { namespaces: ['ci*'], users: ['system:serviceaccount:ci:*'] },
      },
      {
        name: 'scan',
        reason: 'r',
        rules: ['R1'],
        match: { images: ['docker.io/instrumentisto/nmap*'] },
      },
      { name: 'old', reason: 'r', match: { namespaces: ['ci'] }, expires: '2026-11-21' },
    ],
    now,
  );

  it('requires every condition and any value within one', () => {
    expect(ci!.applies(pod('ci', ['alpine']))).toBe(true);
    expect(ci!.applies(pod('ci-staging', ['alpine']))).toBe(true);
    expect(ci!.applies(pod('prod', ['alpine']))).toBe(false);
    expect(ci!.applies(pod('ci', ['alpine'], 'mallory'))).toBe(false);
  });

  it('needs every image covered, so a vetted image cannot vouch for a sidecar', () => {
    expect(scanner!.applies(pod('s', ['instrumentisto/nmap:7.94']))).toBe(true);
    expect(scanner!.applies(pod('s', ['instrumentisto/nmap:7.94', 'evil/implant']))).toBe(false);
    expect(scanner!.rules?.has('R1')).toBe(true);
  });

  it('never applies an expired exception, but keeps it to report', () => {
    expect(expired!.expired).toBe(true);
    expect(expired!.applies(pod('ci', ['alpine']))).toBe(false);
    const [stillValid] = compileExceptions(
      [{ name: 'today', reason: 'r', match: { namespaces: ['ci'] }, expires: '2026-11-22' }],
      now,
    );
    expect(stillValid!.expired).toBe(false);
  });
});
