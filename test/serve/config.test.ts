import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { parseListen, resolveServeSettings } from '../../src/serve/config.js';
import { tempFiles } from '../helpers/temp-files.js';

const { file } = tempFiles('cw-serve-config-');
function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('serve settings', () => {
  it('defaults to loopback plain HTTP, warn mode, deny at high, the embedded store', () => {
    const s = resolveServeSettings({}, {});
    expect(s).toMatchObject({
      host: '127.0.0.1',
      port: 8443,
      tls: null,
      store: 'cronwarden.db',
      admissionMode: 'warn',
      admissionDenySeverity: 'high',
      auditToken: null,
      builtinRules: true,
      follow: [],
    });
  });

  it('lets flags override the environment, which overrides the file', () => {
    const config = file(
      'serve.yaml',
      'listen: 127.0.0.1:9000\nstore: /tmp/from-file.db\nadmission: {mode: audit, denySeverity: critical}\nfollow: [/var/log/a.log]\n',
    );
    const env = { CRONWARDEN_STORE: '/tmp/from-env.db', CRONWARDEN_ADMISSION_MODE: 'enforce' };
    const s = resolveServeSettings(
      { config, store: '/tmp/from-flag.db', follow: ['/var/log/b.log'] },
      env,
    );
    expect(s).toMatchObject({
      port: 9000,
      store: '/tmp/from-flag.db',
      admissionMode: 'enforce',
      admissionDenySeverity: 'critical',
      follow: ['/var/log/a.log', '/var/log/b.log'],
    });
  });

  it('refuses plain HTTP off loopback unless told, and half a TLS pair', () => {
    expect(problems(() => resolveServeSettings({ listen: '0.0.0.0:8443' }, {}))).toEqual([
      expect.stringContaining('refusing plain HTTP on 0.0.0.0'),
      expect.stringContaining('refusing to serve 0.0.0.0 with no authentication'),
    ]);
    const token = 'x'.repeat(16);
    expect(
      resolveServeSettings({ listen: '0.0.0.0:8443', insecureHttp: true, auditToken: token }, {})
        .host,
    ).toBe('0.0.0.0');
    expect(
      problems(() => resolveServeSettings({ listen: '0.0.0.0:8443', insecureHttp: true }, {})),
    ).toEqual([expect.stringContaining('refusing to serve 0.0.0.0 with no authentication')]);
    expect(
      resolveServeSettings(
        { listen: '0.0.0.0:8443', insecureHttp: true, allowUnauthenticated: true },
        {},
      ).host,
    ).toBe('0.0.0.0');
    expect(problems(() => resolveServeSettings({ tlsCert: 'c.pem' }, {}))).toEqual([
      expect.stringContaining('--tls-cert and --tls-key go together'),
    ]);
    expect(problems(() => resolveServeSettings({ clientCa: 'ca.pem' }, {}))).toEqual([
      expect.stringContaining('--client-ca needs --tls-cert'),
    ]);
  });

  it('reports every bad value at once, naming the variable or the file position', () => {
    const env = {
      CRONWARDEN_ADMISSION_MODE: 'block',
      CRONWARDEN_ADMISSION_DENY_SEVERITY: 'severe',
    };
    expect(
      problems(() => resolveServeSettings({ listen: 'nowhere', auditToken: 'short' }, env)),
    ).toEqual([
      expect.stringContaining('listen address "nowhere"'),
      expect.stringContaining('CRONWARDEN_ADMISSION_MODE="block"'),
      expect.stringContaining('CRONWARDEN_ADMISSION_DENY_SEVERITY="severe"'),
      expect.stringContaining('at least 16 characters'),
    ]);
    const bad = file('bad.yaml', 'listen: 1\nsinks:\n  - type: carrier-pigeon\n');
    expect(problems(() => resolveServeSettings({ config: bad }, {})).join('\n')).toMatch(
      /bad\.yaml:\d+:\d+: /,
    );
  });

  it('parses listen addresses', () => {
    expect(parseListen('127.0.0.1:8443')).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(parseListen('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseListen('localhost:70000')).toBeNull();
    expect(parseListen('8443')).toBeNull();
  });
});
