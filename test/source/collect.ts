import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import { readAuditEvents, readAuditStream } from '../../src/source/read-audit.js';
import type { ReadOptions, SourceItem } from '../../src/source/types.js';

export async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function readPaths(paths: string[], options?: ReadOptions): Promise<SourceItem[]> {
  return collect(readAuditEvents(paths, options));
}

/** Reads text (or bytes) as the file `<stdin>` would be read. */
export function readText(
  content: string | Buffer | Buffer[],
  options?: ReadOptions,
  maxDocumentBytes?: number,
): Promise<SourceItem[]> {
  const chunks = Array.isArray(content) ? content : [Buffer.from(content)];
  return collect(readAuditStream(Readable.from(chunks), '<stdin>', options, { maxDocumentBytes }));
}

/** `event@3`, `problem@4 $.items[1]`: compact positions for exact-order assertions. */
export function positions(items: SourceItem[]): string[] {
  return items
    .filter((i) => i.kind !== 'file-done')
    .map((i) => `${i.kind}@${i.line}${i.path ? ` ${i.path}` : ''}`);
}

const dirs: string[] = [];

/** A temporary directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-read-'));
  dirs.push(dir);
  return dir;
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
