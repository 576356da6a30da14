import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ZodType } from 'zod';
import { configSchema, type CronwardenConfig } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the YAML config. Every problem is reported at once, each as
 * `file:line:column: key.path: what is wrong`, so a user fixes them in one pass.
 */
export function loadConfig(file: string): CronwardenConfig {
  return loadYamlWith(configSchema, file, 'the config');
}

/** Reads a YAML file and validates it like `parseYamlWith`; an unreadable file is a ConfigError. */
export function loadYamlWith<T>(
  schema: ZodType<T>,
  file: string,
  what: string,
  refine?: Parameters<typeof parseYamlWith<T>>[3],
): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`${file}: cannot read ${what}: ${(e as Error).message}`]);
  }
  return parseYamlWith(schema, text, file, refine);
}

export function parseConfig(text: string, file: string): CronwardenConfig {
  return parseYamlWith(configSchema, text, file);
}

/**
 * Parses YAML and validates it with a zod schema; every problem becomes one
 * `file:line:column: key.path: message` line of a ConfigError. `refine` adds checks across
 * entries (duplicates), locating each with `where(path)` → `file:line:column`.
 */
export function parseYamlWith<T>(
  schema: ZodType<T>,
  text: string,
  file: string,
  refine?: (data: T, where: (path: (string | number)[]) => string) => string[],
): T {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return `${file}:${at.line}:${at.col}: invalid YAML: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (e) {
    // The yaml package refuses alias bombs (billions of laughs) here, after parsing.
    throw new ConfigError([`${file}: not usable YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  const result = schema.safeParse(data);
  if (result.success) {
    const problems = refine?.(result.data, (path) => {
      const node = nodeAt(doc.contents, path.map(String));
      const at = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
      return `${file}:${at.line}:${at.col}`;
    });
    if (problems?.length) throw new ConfigError(problems);
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const node = nodeAt(doc.contents, path);
      const at = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
      const key = path.length
        ? issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, '')
        : '(top level)';
      return `${file}:${at.line}:${at.col}: ${key}: ${issue.message}`;
    }),
  );
}

/** The deepest YAML node along the path, so an unknown key points at its parent mapping. */
function nodeAt(root: unknown, path: string[]): Node | null {
  let node = root as Node | null;
  for (const key of path) {
    if (isMap(node)) {
      const next = node.get(key, true) as Node | undefined;
      if (!next) return node;
      node = next;
    } else if (isSeq(node)) {
      const next = node.get(Number(key), true) as Node | undefined;
      if (!next) return node;
      node = next;
    } else return node;
  }
  return node;
}
