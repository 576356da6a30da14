import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCommand, type ValidateOptions } from '../../src/cli/commands/validate.js';
import type { ValidationReport } from '../../src/validate/types.js';
import { recordingIo } from '../cli/io.js';
import { renderValidationDoc } from './validation-doc.js';

const OPTIONS: ValidateOptions = {
  builtinRules: true,
  eql: true,
  eqlDialect: 'both',
  format: 'json',
  inputFormat: 'auto',
};

describe('docs/validation.md', () => {
  it('is generated from the current catalogue, rules and reference query', async () => {
    const json = recordingIo();
    const md = recordingIo();
    expect(await validateCommand([], OPTIONS, json)).toBe(0);
    expect(await validateCommand([], { ...OPTIONS, format: 'md' }, md)).toBe(0);
    const text = renderValidationDoc(JSON.parse(json.stdout()) as ValidationReport, md.stdout());
    const path = new URL('../../docs/validation.md', import.meta.url);
    if (process.env.UPDATE_DOCS) writeFileSync(path, text);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
