import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { readAuditStream } from '../../src/source/read-audit.js';
import type { SourceItem } from '../../src/source/types.js';
import { auditEvent } from '../decode/samples.js';
import { collect, positions, readPaths, readText, tempDir, writeFile } from './collect.js';

const line = (auditID: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify(auditEvent({ auditID, ...extra }));

function fileDone(items: SourceItem[], file: string): SourceItem | undefined {
  return items.find((i) => i.kind === 'file-done' && i.file === file);
}

describe('readAuditEvents paths', () => {
  it('walks directories recursively in sorted order, skipping dot-files and files that are not logs', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'b-nested'));
    mkdirSync(join(dir, '.git'));
    writeFile(dir, 'c.jsonl', line('c'));
    writeFile(dir, 'a.log', line('a'));
    writeFile(join(dir, 'b-nested'), 'audit.log.1', line('b1'));
    writeFile(join(dir, 'b-nested'), 'PT1H', line('b2'));
    writeFile(dir, '.hidden.json', line('hidden'));
    writeFile(join(dir, '.git'), 'x.json', line('git'));
    writeFile(dir, 'README.md', '# not a log');
    writeFile(dir, 'policy.yaml', 'rules: []');
    const items = await readPaths([dir]);
    const ids = items.flatMap((i) => (i.kind === 'event' ? [i.event.auditID] : []));
    expect(ids).toEqual(['a', 'b2', 'b1', 'c']); // code-unit order: PT1H sorts before audit.log.1
    expect(items.filter((i) => i.kind === 'problem')).toEqual([]);
    expect(items.filter((i) => i.kind === 'file-done')).toHaveLength(4);
  });

  it('reports a path that cannot be read at line 0 and reads the others', async () => {
    const dir = tempDir();
    const good = writeFile(dir, 'audit.log', line('ok'));
    const missing = join(dir, 'missing.log');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const items = await readPaths([missing, good, empty]);
    expect(items).toEqual([
      {
        kind: 'problem',
        file: missing,
        line: 0,
        reason: 'cannot read: ENOENT: no such file or directory',
      },
      expect.objectContaining({ kind: 'event', file: good, line: 1 }),
      expect.objectContaining({ kind: 'file-done', file: good }),
      expect.objectContaining({
        kind: 'problem',
        file: empty,
        line: 0,
        reason: expect.stringMatching(/^directory holds no audit log files/),
      }),
    ]);
  });

  it('reads - as <stdin>', async () => {
    const stdin = vi
      .spyOn(process, 'stdin', 'get')
      .mockReturnValue(Readable.from([Buffer.from(`${line('s')}\n`)]) as typeof process.stdin);
    try {
      const items = await readPaths(['-']);
      expect(items).toEqual([
        expect.objectContaining({ kind: 'event', file: '<stdin>', line: 1 }),
        expect.objectContaining({ kind: 'file-done', file: '<stdin>', events: 1 }),
      ]);
    } finally {
      stdin.mockRestore();
    }
  });
});

describe('readAuditEvents gzip', () => {
  it('inflates gzip by its magic bytes, whatever the name, and reads .gz that is not gzip as text', async () => {
    const dir = tempDir();
    const gz = writeFile(dir, 'audit.json', gzipSync(`${line('g1')}\n${line('g2')}\n`));
    const plain = writeFile(dir, 'audit.log.gz', `${line('p')}\n`);
    const items = await readPaths([gz, plain]);
    expect(positions(items)).toEqual(['event@1', 'event@2', 'event@1']);
    expect(fileDone(items, gz)).toMatchObject({
      format: 'native',
      events: 2,
      problems: 0,
      bytes: expect.any(Number),
    });
  });

  it('keeps the events before a truncation, then names the line the gzip broke off in', async () => {
    const dir = tempDir();
    const text = Array.from({ length: 3000 }, (_, i) =>
      line(String(i), { pad: `${i}`.repeat(200) }),
    ).join('\n');
    const whole = gzipSync(text);
    const file = writeFile(dir, 'audit.log.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const items = await readPaths([file]);
    const events = items.filter((i) => i.kind === 'event');
    const problems = items.filter((i) => i.kind === 'problem');
    expect(events.length).toBeGreaterThan(100);
    expect(events.map((e) => e.line)).toEqual(events.map((_, i) => i + 1));
    expect(problems).toEqual([
      {
        kind: 'problem',
        file,
        line: events.length + 1,
        reason: 'truncated or corrupt gzip: unexpected end of file',
      },
    ]);
    expect(fileDone(items, file)).toMatchObject({
      events: events.length,
      problems: 1,
      bytes: Math.floor(whole.length / 2),
    });
  });
});

describe('readAuditStream lines', () => {
  it('reads a 2 MiB single-line event, CRLF endings, a BOM and a last line without newline', async () => {
    const big = line('big', { requestObject: { data: 'x'.repeat(2 * 1024 * 1024) } });
    const items = await readText([
      Buffer.from(`\uFEFF${line('a')}\r\n`),
      Buffer.from(big.slice(0, 1000)),
      Buffer.from(`${big.slice(1000)}\r\n${line('c')}`),
    ]);
    expect(
      items.flatMap((i) => (i.kind === 'event' ? [`${i.event.auditID}@${i.line}`] : [])),
    ).toEqual(['a@1', 'big@2', 'c@3']);
    expect(items.at(-1)).toEqual({
      kind: 'file-done',
      file: '<stdin>',
      format: 'native',
      bytes: Buffer.byteLength(`\uFEFF${line('a')}\r\n${big}\r\n${line('c')}`),
      lines: 3,
      events: 3,
      problems: 0,
    });
  });

  it('reports exactly the bad lines among good ones', async () => {
    const text = [
      line('1'),
      '{"kind":"Event",',
      '',
      'garbage',
      line('5'),
      '{"foo":1}',
      '42',
      line('8'),
    ].join('\n');
    const items = await readText(text);
    expect(positions(items)).toEqual([
      'event@1',
      'problem@2',
      'problem@4',
      'event@5',
      'problem@6',
      'problem@7',
      'event@8',
    ]);
    expect(items[1]).toMatchObject({
      reason: expect.stringMatching(/^invalid JSON at column 17: /),
    });
    expect(items[4]).toMatchObject({
      reason: expect.stringMatching(/^not a Kubernetes audit event \(an object with keys foo/),
    });
    expect(items.at(-1)).toMatchObject({ events: 3, problems: 4 });
  });

  it('reports values of another format under a forced format', async () => {
    const gke = {
      protoPayload: { serviceName: 'k8s.io', methodName: 'io.k8s.core.v1.pods.create' },
    };
    const items = await readText(`${line('n')}\n${JSON.stringify(gke)}\n`, { format: 'gke' });
    expect(positions(items)).toEqual(['problem@1', 'event@2']);
    expect(items[0]).toMatchObject({
      reason: expect.stringMatching(
        /it looks like native input: use --input-format native or auto$/,
      ),
    });
    expect(items.at(-1)).toMatchObject({ format: 'gke', events: 1, problems: 1 });
  });

  it('reports a read failure at line 0 after keeping what was read', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${line('1')}\n${line('2')}\n`);
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    }
    const items = await collect(readAuditStream(failing(), 'disk.log'));
    expect(positions(items)).toEqual(['event@1', 'event@2', 'problem@0']);
    expect(items[2]).toMatchObject({ reason: 'read failed: EIO: i/o error, read (after line 2)' });
  });

  it('ends an empty input with a file-done of no format', async () => {
    expect(await readText('')).toEqual([
      {
        kind: 'file-done',
        file: '<stdin>',
        format: null,
        bytes: 0,
        lines: 0,
        events: 0,
        problems: 0,
      },
    ]);
  });
});

describe('readAuditEvents formats', () => {
  it('detects the format of each file in a directory of exports', async () => {
    const items = await readPaths(['test/fixtures/inputs']);
    const formats = items.flatMap((i) =>
      i.kind === 'file-done' ? [[i.file.split('/').pop(), i.format, i.events]] : [],
    );
    expect(formats).toEqual([
      ['aks-event-hub.json', 'aks', 1],
      ['eks-filter-log-events.json', 'eks', 2],
      ['elastic-filebeat.ndjson', 'elastic', 2],
      ['gke-logging-read.json', 'gke', 2],
    ]);
  });
});
