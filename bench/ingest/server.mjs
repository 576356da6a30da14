// `cronwarden serve` as a child process, the way it is deployed: the built CLI, a fresh SQLite
// store, the token, and (for HTTPS) a self-signed certificate for 127.0.0.1 made with openssl.

import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** A key and a self-signed certificate valid for IP 127.0.0.1, in `dir`. */
export function makeCert(dir) {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=cronwarden-bench',
      '-addext',
      'subjectAltName = IP:127.0.0.1',
      '-keyout',
      'tls.key',
      '-out',
      'tls.crt',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
  return {
    cert: join(dir, 'tls.crt'),
    key: join(dir, 'tls.key'),
    ca: readFileSync(join(dir, 'tls.crt'), 'utf8'),
  };
}

/**
 * Starts the server on an ephemeral port; resolves once it listens. `nodeFlags` go to its node
 * (e.g. `--cpu-prof`). Its log (pino JSON on stderr) goes to `<dir>/server.log`.
 */
export async function startServer({ dir, token, tls, nodeFlags = [] }) {
  const logPath = join(dir, 'server.log');
  const log = openSync(logPath, 'w');
  const args = [
    ...nodeFlags,
    CLI,
    'serve',
    '--listen',
    '127.0.0.1:0',
    '--store',
    join(dir, 'alerts.db'),
    ...(tls ? ['--tls-cert', tls.cert, '--tls-key', tls.key] : []),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', log],
    env: { ...process.env, CRONWARDEN_AUDIT_TOKEN: token },
  });
  closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const listening = readFileSync(logPath, 'utf8')
      .split('\n')
      .map(parseLine)
      .find((l) => l?.msg === 'cronwarden serve listening');
    if (listening)
      return {
        child,
        port: listening.address.port,
        storePath: join(dir, 'alerts.db'),
        logPath,
        async stop() {
          child.kill('SIGTERM');
          const code = await exited;
          if (code !== 0) throw new Error(`the server exited with ${code}: see ${logPath}`);
        },
      };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start: see ${logPath}`);
}

/** A log line, or null for one still being written (or not JSON). */
function parseLine(line) {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

/** Resident memory and CPU time of a Linux process, from /proc (nulls elsewhere). */
export function processUsage(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 a second
    // on Linux); the command name before them may hold spaces, so count from its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      rssBytes: kb('VmRSS') * 1024,
      peakRssBytes: kb('VmHWM') * 1024,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
    };
  } catch {
    return { rssBytes: null, peakRssBytes: null, cpuSeconds: null };
  }
}

/** CPU seconds the whole machine spent busy so far, from /proc/stat (null elsewhere). */
export function machineBusySeconds() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
    const n = ticks.map(Number);
    return (n[0] + n[1] + n[2] + n[5] + n[6] + n[7]) / 100;
  } catch {
    return null;
  }
}
