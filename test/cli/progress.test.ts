import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputSize, Progress } from '../../src/cli/progress.js';

describe('Progress', () => {
  it('draws a bar of bytes read across files out of the total', () => {
    let out = '';
    const p = new Progress((s) => (out += s), 200);
    p.bytes('a', 100);
    p.bytes('b', 50);
    p.tick(256, 3);
    // eslint-disable-next-line no-control-regex
    expect(out).toMatch(/^\r\u001b\[2K█+░+ {2}75% 256 events · 3 alerts · /);
    p.done();
    expect(out.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('shows counts without a bar when the total is unknown (stdin)', () => {
    let out = '';
    new Progress((s) => (out += s), null).tick(512, 0);
    expect(out).toMatch(/512 events/);
    expect(out).not.toMatch(/%/);
  });

  it('sums sizes of files and directories, and gives up on stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-progress-'));
    writeFileSync(join(dir, 'a.log'), 'x'.repeat(10));
    writeFileSync(join(dir, 'b.log'), 'x'.repeat(5));
    expect(inputSize([dir, join(dir, 'a.log'), join(dir, 'missing')])).toBe(25);
    expect(inputSize([dir, '-'])).toBeNull();
  });
});
