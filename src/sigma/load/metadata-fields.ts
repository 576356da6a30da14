import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';

/**
 * The Sigma metadata fields, validated with zod. zod is about 100 modules (most of what a scan
 * loaded before reading a byte): {@link quickFields} accepts the usual well-formed metadata on
 * its own, giving exactly what zod would, and zod is loaded only for the rest, to report it.
 */
function buildSchema(z: typeof Zod) {
  const stringList = z.array(z.union([z.string(), z.number()])).transform((v) => v.map(String));

  // The Sigma JSON schema also allows a single string here.
  const stringOrList = z
    .union([z.string(), z.array(z.union([z.string(), z.number()]))])
    .transform((v) => (typeof v === 'string' ? [v] : v.map(String)));

  // Dates are written unquoted (2026-11-22) and may come back as strings; accept either form.
  const dateLike = z.union([z.string(), z.number()]).transform(String);

  return z.object({
    title: z.string().min(1, 'title must not be empty'),
    id: z
      .union([z.string().min(1), z.number()])
      .transform(String)
      .optional(),
    name: z.string().min(1).optional(),
    status: z.enum(STATUSES).optional(),
    description: z.string().optional(),
    references: stringList.optional(),
    author: z.string().optional(),
    date: dateLike.optional(),
    modified: dateLike.optional(),
    tags: stringList.optional(),
    logsource: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
    level: z.enum(LEVELS).optional(),
    falsepositives: stringOrList.optional(),
    fields: stringList.optional(),
    related: z.array(z.object({ id: z.string(), type: z.string() })).optional(),
  });
}

const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;

export type MetadataFields = Zod.output<ReturnType<typeof buildSchema>>;

export type FieldsCheck =
  { ok: true; data: MetadataFields } | { ok: false; path: PropertyKey[]; message: string };

let schema: ReturnType<typeof buildSchema> | null = null;

/** Validates the standard metadata fields (plain values) as the Sigma schema says. */
export function checkFields(plain: Record<string, unknown>): FieldsCheck {
  const quick = quickFields(plain);
  return quick ? { ok: true, data: quick } : schemaFields(plain);
}

/** The schema's own verdict (zod). */
export function schemaFields(plain: Record<string, unknown>): FieldsCheck {
  // Loading must stay synchronous (rules load synchronously), hence zod's CommonJS build.
  schema ??= buildSchema((createRequire(import.meta.url)('zod') as { z: typeof Zod }).z);
  const parsed = schema.safeParse(plain);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, path: issue.path, message: issue.message };
}

/**
 * What the schema makes of `plain` when every field is plainly well-formed; null whenever in
 * doubt (zod then decides). Must never accept what zod rejects, nor differ from its output.
 */
export function quickFields(plain: Record<string, unknown>): MetadataFields | null {
  const { title, id, status, level, logsource, falsepositives, related } = plain;
  if (!isText(title)) return null;
  const out: MetadataFields = { title };
  if (id !== undefined) {
    if (!isText(id) && !isFiniteNumber(id)) return null;
    out.id = String(id);
  }
  for (const key of ['name', 'description', 'author'] as const) {
    const v = plain[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || (key === 'name' && v === '')) return null;
    out[key] = v;
  }
  if (status !== undefined) {
    if (!STATUSES.includes(status as never)) return null;
    out.status = status as MetadataFields['status'];
  }
  if (level !== undefined) {
    if (!LEVELS.includes(level as never)) return null;
    out.level = level as MetadataFields['level'];
  }
  for (const key of ['date', 'modified'] as const) {
    const v = plain[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' && !isFiniteNumber(v)) return null;
    out[key] = String(v);
  }
  for (const key of ['references', 'tags', 'fields'] as const) {
    if (plain[key] === undefined) continue;
    const list = textList(plain[key]);
    if (!list) return null;
    out[key] = list;
  }
  if (falsepositives !== undefined) {
    const list = typeof falsepositives === 'string' ? [falsepositives] : textList(falsepositives);
    if (!list) return null;
    out.falsepositives = list;
  }
  if (logsource !== undefined) {
    if (!isPlainObject(logsource)) return null;
    const copy: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(logsource)) {
      if ((typeof v !== 'string' && v !== null) || k === '__proto__') return null;
      copy[k] = v;
    }
    out.logsource = copy;
  }
  if (related !== undefined) {
    if (!Array.isArray(related)) return null;
    const list: { id: string; type: string }[] = [];
    for (const r of related) {
      if (!isPlainObject(r) || typeof r.id !== 'string' || typeof r.type !== 'string') return null;
      list.push({ id: r.id, type: r.type });
    }
    out.related = list;
  }
  return out;
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

// zod refuses NaN and the infinities (YAML .nan, .inf) as numbers.
function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function textList(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const x of v) {
    if (typeof x !== 'string' && !isFiniteNumber(x)) return null;
    out.push(String(x));
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
