import type { Alert, Severity } from '../alert/types.js';
import { SEVERITIES } from '../alert/types.js';

const COLOUR: Record<Severity, string> = {
  informational: '\u001b[37m',
  low: '\u001b[36m',
  medium: '\u001b[33m',
  high: '\u001b[31m',
  critical: '\u001b[1;41;97m',
};
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const MAX_EVIDENCE_PER_RULE = 4;
const MAX_RELATED_SHOWN = 5;

/** One readable block per alert, for a person at a terminal. */
export function formatAlertText(alert: Alert, colour: boolean): string {
  const paint = (code: string, s: string): string => (colour ? `${code}${s}${RESET}` : s);
  const dim = (s: string): string => paint(DIM, s);
  const lines: string[] = [];
  const sev = paint(COLOUR[alert.severity], ` ${alert.severity.toUpperCase()} `);
  lines.push(`${sev} ${dim(`risk ${alert.riskScore}`)}  ${clean(alert.title)}`);
  lines.push(`  ${dim(alert.time ?? 'time unknown')}  ${clean(alert.summary)}`);
  const from = alert.sourceIPs.length ? ` from ${alert.sourceIPs.join(', ')}` : '';
  const via = alert.userAgent ? ` via ${clean(alert.userAgent)}` : '';
  const groups = alert.user.groups.length ? ` (${alert.user.groups.join(', ')})` : '';
  const as = alert.user.authenticatedAs
    ? ` impersonated by ${clean(alert.user.authenticatedAs)}`
    : '';
  lines.push(`  ${dim('who    ')} ${clean(alert.user.username)}${groups}${as}${from}${via}`);
  const o = alert.object;
  const api = o.apiGroup ? `${o.apiGroup}/${o.apiVersion ?? ''}` : (o.apiVersion ?? '');
  const res = o.subresource ? `${o.resource}/${o.subresource}` : o.resource;
  const path = [o.namespace, o.name].filter(Boolean).join('/');
  lines.push(
    `  ${dim('object ')} ${clean(`${api} ${res} ${path}`.trim())}  ${dim(`${alert.verb} ${alert.responseCode ?? '-'} ${alert.decision ?? ''} ${alert.stage ?? ''} audit ${alert.auditID ?? '-'}`)}`,
  );
  if (alert.mitre.techniques.length || alert.mitre.tactics.length)
    lines.push(
      `  ${dim('mitre  ')} ${[alert.mitre.techniques.join(', '), alert.mitre.tactics.join(', ')].filter(Boolean).join(' · ')}`,
    );
  lines.push(`  ${dim('rules  ')}`);
  for (const m of alert.matches) {
    lines.push(`    ${paint(COLOUR[m.level], `[${m.level}]`)} ${clean(m.title)} ${dim(m.ruleId)}`);
    for (const e of m.evidence.slice(0, MAX_EVIDENCE_PER_RULE))
      lines.push(`        ${dim(`${e.field}:`)} ${clean(e.value)}`);
    if (m.evidence.length > MAX_EVIDENCE_PER_RULE)
      lines.push(`        ${dim(`… ${m.evidence.length - MAX_EVIDENCE_PER_RULE} more`)}`);
  }
  if (alert.relatedCount > 0) {
    lines.push(`  ${dim('related')} ${alert.relatedCount} follow-up event(s) linked, not raised:`);
    for (const r of alert.related.slice(0, MAX_RELATED_SHOWN))
      lines.push(
        `    ${dim(r.time ?? '')} ${r.verb} ${r.resource} ${[r.namespace, r.name].filter(Boolean).join('/')} by ${clean(r.user)} ${dim(`(${r.link} of ${r.parent})`)}`,
      );
    if (alert.relatedCount > MAX_RELATED_SHOWN)
      lines.push(`    ${dim(`… ${alert.relatedCount - MAX_RELATED_SHOWN} more`)}`);
  }
  if (alert.response.suggested.length) {
    lines.push(`  ${dim('respond')}`);
    for (const cmd of alert.response.suggested) lines.push(`    ${cmd}`);
  }
  const at = alert.source.path
    ? `${alert.source.line} ${alert.source.path}`
    : `${alert.source.line}`;
  lines.push(`  ${dim('source ')} ${alert.source.file}:${at}`);
  return `${lines.join('\n')}\n\n`;
}

export function severityCounts(alerts: Iterable<Alert>): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of alerts) counts[a.severity]++;
  return counts;
}

// Event fields are attacker-controlled: never let them move the cursor or recolour a terminal.
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '⏎' : '�'));
}
