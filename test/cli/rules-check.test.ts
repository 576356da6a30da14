import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesCheck } from '../../src/cli/commands/rules-check.js';
import { BUILTIN_RULES_DIR } from '../../src/cli/builtin.js';
import { capture } from './capture.js';

const GOOD = `title: Secrets listed
id: 0b1c7d1e-8a57-4b69-9d3e-0a3e5d7c9f11
logsource: {product: kubernetes, service: audit}
detection:
  selection:
    verb: list
    objectRef.resource: secrets
    objectRef.namespcae: default
  condition: selection
level: low
`;

const BAD = `title: Broken modifier
id: 7a0b9a3c-2f0e-4d64-8a9b-2c4b5d6e7f80
logsource: {product: kubernetes, service: audit}
detection:
  selection:
    verb|contians: create
  condition: selection
`;

function ruleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rules-'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'good.yml'), GOOD);
  writeFileSync(join(dir, 'nested', 'bad.yaml'), BAD);
  writeFileSync(join(dir, 'README.md'), 'not a rule');
  return dir;
}

describe('rules check', () => {
  it('loads the good rule, reports the bad one with file:line:column, and exits 0', async () => {
    const dir = ruleDir();
    const { result, stdout, stderr } = await capture(() => rulesCheck([dir], { format: 'text' }));
    expect(result).toBe(0);
    expect(stderr).toContain(`${join(dir, 'nested', 'bad.yaml')}:6:5: error E_UNKNOWN_MODIFIER`);
    expect(stderr).toContain("unknown modifier 'contians'");
    expect(stderr).toContain('7a0b9a3c-2f0e-4d64-8a9b-2c4b5d6e7f80 "Broken modifier"');
    expect(stdout).toMatch(/^1 rules, 0 filters, 0 correlations loaded in [\d.]+ ms; 1 errors/m);
  });

  it('fails with status 2 under --strict', async () => {
    const { result } = await capture(() =>
      rulesCheck([ruleDir()], { format: 'text', strict: true }),
    );
    expect(result).toBe(2);
  });

  it('lists fields outside the audit Event schema, such as typos', async () => {
    const { stderr } = await capture(() =>
      rulesCheck([ruleDir()], { format: 'text', unknownFields: true }),
    );
    expect(stderr).toContain("N_UNKNOWN_FIELD: field 'objectRef.namespcae'");
    expect(stderr).not.toContain("field 'objectRef.resource'");
  });

  it('prints JSON with the field usage', async () => {
    const { stdout } = await capture(() =>
      rulesCheck([ruleDir()], { format: 'json', listFields: true }),
    );
    const out = JSON.parse(stdout) as {
      summary: { rules: number; errors: number };
      fields: Record<string, string[]>;
    };
    expect(out.summary).toMatchObject({ rules: 1, errors: 1 });
    expect(out.fields['verb']).toEqual(['0b1c7d1e-8a57-4b69-9d3e-0a3e5d7c9f11']);
  });

  it('reports an unreadable path and goes on', async () => {
    const { result, stderr } = await capture(() =>
      rulesCheck(['/nonexistent/rules', ruleDir()], { format: 'text' }),
    );
    expect(result).toBe(0);
    expect(stderr).toContain('/nonexistent/rules:1:1: error E_IO');
  });

  it('the built-in rule pack loads cleanly under --strict with no unknown fields', async () => {
    const { result, stderr } = await capture(() =>
      rulesCheck([BUILTIN_RULES_DIR], { format: 'text', strict: true, unknownFields: true }),
    );
    expect(stderr).toBe('');
    expect(result).toBe(0);
  });
});
