import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleAuditLog } from '../../src/emulate/example.js';

const path = new URL('../../examples/audit-log.jsonl', import.meta.url);

describe('examples/audit-log.jsonl', () => {
  it('is exactly what the emulator generates now (regenerate: UPDATE_EXAMPLES=1 npx vitest run test/emulate)', () => {
    const text = exampleAuditLog();
    if (process.env.UPDATE_EXAMPLES) writeFileSync(path, text);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('stays small: one line per event', () => {
    const lines = exampleAuditLog().trimEnd().split('\n');
    expect(lines.length).toBeLessThan(400);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('auditID');
  });
});
