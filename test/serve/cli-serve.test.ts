import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAuditEvents } from '../../src/emulate/build-events.js';
import { scenarioById } from '../../src/emulate/catalogue/index.js';
import { renderJsonl } from '../../src/emulate/render.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { dir, file } = tempFiles('cw-cli-serve-');
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

/** Starts `cronwarden serve` from source; resolves with its port once it listens. */
function serve(args: string[]): Promise<{ child: ChildProcess; port: number; log: () => string }> {
  const child = spawn(
    'node_modules/.bin/vite-node',
    ['test/serve/cli-entry.mts', '--', 'serve', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let log = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /"address":\{"address":"127\.0\.0\.1","family":"IPv4","port":(\d+)\}/.exec(log);
      if (m) resolve({ child, port: Number(m[1]), log: () => log });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface StoredAlert {
  id: string;
  auditID: string;
  severity: string;
  matches: { ruleId: string }[];
}

async function alerts(port: number): Promise<StoredAlert[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/alerts?limit=1000`);
  return ((await res.json()) as { alerts: StoredAlert[] }).alerts;
}

const exited = (c: ChildProcess) =>
  new Promise<number | null>((r) => c.on('exit', (code) => r(code)));

describe('cronwarden serve (the process)', () => {
  it('follows a log into the store and a file sink, reloads safely, drains on SIGTERM, resumes without repeats', async () => {
    const log = file('audit/audit.log', '');
    // A rule from the config's `rules:` proves the config file was read.
    file(
      'rules/extra.yml',
      'title: Any CronJob create\nid: 7d8a9c1e-2b3f-4a5d-8e6f-0a1b2c3d4e5f\nlevel: low\nlogsource: {product: kubernetes, service: audit}\ndetection:\n  sel: {verb: create, objectRef.resource: cronjobs}\n  condition: sel\n',
    );
    const config = file(
      'serve.yaml',
      `rules: [${dir}/rules]\nsinks:\n  - {type: file, name: archive, path: ${dir}/out/alerts.jsonl}\n`,
    );
    const store = `${dir}/alerts.db`;
    const args = ['--listen', '127.0.0.1:0', '--store', store, '--config', config, '--follow', log];
    const first = await serve(args);
    const events = buildAuditEvents([scenarioById('seed-reverse-shell-cronjob')]);
    appendFileSync(log, renderJsonl(events));
    const stored = await until(async () => {
      const a = await alerts(first.port);
      return a.some((x) => x.severity === 'critical') ? a : undefined;
    }, 'the reverse shell alert');
    expect(
      stored.some((a) =>
        a.matches.some((m) => m.ruleId === '7d8a9c1e-2b3f-4a5d-8e6f-0a1b2c3d4e5f'),
      ),
    ).toBe(true);
    // A broken rule file is refused on reload: the previous rules keep running.
    writeFileSync(`${dir}/rules/broken.yml`, 'title: [\n');
    first.child.kill('SIGHUP');
    await until(
      async () => (/reload \(SIGHUP\) refused/.test(first.log()) ? true : undefined),
      'the refused reload',
    );
    // Fixing the folder reloads by itself (the rules folder is watched).
    rmSync(`${dir}/rules/broken.yml`);
    await until(
      async () => (/reloaded \(.*rules changed\)/.test(first.log()) ? true : undefined),
      'the reload after the fix',
    );
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    const sunk = readFileSync(`${dir}/out/alerts.jsonl`, 'utf8').trim().split('\n');
    expect(sunk.length).toBe(stored.length);

    // Restart on the same store and checkpoint: nothing is read twice, new lines are read.
    const second = await serve(args);
    appendFileSync(
      log,
      renderJsonl(buildAuditEvents([scenarioById('seed-docker-socket-cronjob')], { seed: 'two' })),
    );
    const after = await until(async () => {
      const a = await alerts(second.port);
      return a.length > stored.length ? a : undefined;
    }, 'alerts from the new lines');
    expect(new Set(after.map((a) => a.auditID)).size).toBe(after.length);
    expect(after.filter((a) => stored.some((s) => s.id === a.id))).toHaveLength(stored.length);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });

  it('refuses to start on a bad setting, with exit status 2', async () => {
    const child = spawn(
      'node_modules/.bin/vite-node',
      ['src/cli/main.ts', '--', 'serve', '--listen', '0.0.0.0:0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exited(child)).toBe(2);
    expect(err).toContain('refusing plain HTTP on 0.0.0.0');
  });
});
