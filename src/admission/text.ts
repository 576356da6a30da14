import type { AlertEvidence, AlertMatch } from '../alert/types.js';

/**
 * Text that reaches kubectl users (warnings, the denial message) and the audit log
 * (annotations). Evidence values are attacker-written (a command line can hold escape
 * sequences), so everything is cleaned before it is shown.
 */

/** Kubernetes may cut longer warnings; counted in UTF-8 bytes, which is the stricter reading. */
export const MAX_WARNING_BYTES = 256;
/** A handful: the API server drops warnings past 4 KiB in total, and people read five at most. */
export const MAX_WARNINGS = 5;
export const MAX_MESSAGE_BYTES = 1024;
export const MAX_ANNOTATION_BYTES = 256;
const MAX_EVIDENCE_CHARS = 100;

// C0/C1 controls, zero-width and bidirectional overrides (text that displays as something else).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Control and invisible characters as `\uXXXX`, so they show instead of acting. */
export function clean(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `maxBytes` of UTF-8, cut on a character boundary, with `...` when cut. */
export function fit(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 3;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return `${out}...`;
}

function shorten(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 3).join('')}...`;
}

/** `field = "value"`, cleaned and cut: the evidence people need to recognise the finding. */
export function evidenceText(e: AlertEvidence): string {
  return `${clean(e.field)} = "${shorten(clean(e.value), MAX_EVIDENCE_CHARS)}"`;
}

/** `[critical] Title (rule id)`, cleaned. */
export function ruleText(m: AlertMatch, note?: string): string {
  const grade = note ? `${m.level}, ${note}` : m.level;
  return `[${grade}] ${clean(m.title)} (rule ${clean(m.ruleId)})`;
}

/** One warning per match: the rule and its first evidence, within the Kubernetes limit. */
export function matchWarning(m: AlertMatch, note?: string): string {
  const first = m.evidence[0];
  const text = `cronwarden ${ruleText(m, note)}${first ? `: ${evidenceText(first)}` : ''}`;
  return fit(text, MAX_WARNING_BYTES);
}

/** Comma-joined, cut to fit with a `+N` tail naming how many were left out. */
export function joinCapped(values: readonly string[], maxBytes: number): string {
  const cleaned = values.map(clean);
  let out = '';
  for (let i = 0; i < cleaned.length; i++) {
    const next = out ? `${out},${cleaned[i]}` : cleaned[i]!;
    const tail = i + 1 < cleaned.length ? `,+${cleaned.length - i - 1}` : '';
    if (Buffer.byteLength(next + tail) > maxBytes) {
      return fit(out ? `${out},+${cleaned.length - i}` : `+${cleaned.length}`, maxBytes);
    }
    out = next;
  }
  return out;
}
