import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The real entry point, run from source, so these tests need no build.
const CLI = 'node_modules/.bin/vite-node src/cli/main.ts --';

function sh(command: string) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the cronwarden entry point', () => {
  it('exits 2 on a usage error, keeping 1 for findings', () => {
    const bad = sh(`${CLI} validate --format yaml`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'yaml' is invalid");
    expect(sh(`${CLI} emulate --kind nope`).code).toBe(2);
    expect(sh(`${CLI}`).code).toBe(2);
    expect(sh(`${CLI} --version`)).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('stops quietly when the reader closes the pipe early', () => {
    // pipefail: the status is cronwarden's, not head's.
    const r = sh(
      `${CLI} emulate --out - 2>/dev/null | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}"`,
    );
    expect(r.stdout).toBe('status 0\n');
  });
});
