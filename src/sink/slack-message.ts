import type { Alert, Severity } from '../alert/types.js';

/** Slack's limits (api.slack.com/reference/block-kit): section text, field text, fallback text. */
export const SLACK_LIMITS = { sectionText: 3000, fieldText: 2000, text: 3000 } as const;
const MAX_EVIDENCE = 8;
const MAX_VALUE = 200;

const EMOJI: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_blue_circle:',
  informational: ':white_circle:',
};

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
  unfurl_links: false;
  unfurl_media: false;
}

/**
 * Slack's three control characters. `<` starts links and mentions (`<!channel>`,
 * `<https://evil|click>`), so every value from an event goes through this before it reaches mrkdwn.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Event text made inert for mrkdwn: backticks become ˋ (so it cannot open or close code
 * formatting around our own text), line breaks ⏎, then escaped and cut to `max` characters
 * without splitting an `&amp;`-style entity.
 */
export function escapeFit(s: string, max: number): string {
  const e = escapeMrkdwn(s.replace(/`/g, 'ˋ').replace(/[\r\n]/g, '⏎'));
  if (e.length <= max) return e;
  let cut = e.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.lastIndexOf(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

function code(s: string, max: number): string {
  return `\`${escapeFit(s, max)}\``;
}

/**
 * An incoming-webhook message for one alert: fallback `text` for notifications, then blocks with
 * severity, title, summary, object, user, top evidence and the suggested commands in a code block.
 * Link unfurling is off so a URL from the event is never fetched by Slack.
 */
export function formatSlackMessage(alert: Alert): SlackMessage {
  const sev = alert.severity.toUpperCase();
  const o = alert.object;
  const objectName = [o.namespace, o.name].filter(Boolean).join('/');
  const kind = o.kind ?? o.resource;
  const user = alert.user.authenticatedAs
    ? `${alert.user.username} (as ${alert.user.authenticatedAs})`
    : alert.user.username;
  const fields = [
    `*Object*\n${code(`${kind} ${objectName}`.trim(), 300)} ${escapeFit(alert.verb, 40)}`,
    `*User*\n${code(user, 300)}`,
    `*Source IPs*\n${alert.sourceIPs.length ? code(alert.sourceIPs.slice(0, 5).join(', '), 300) : '–'}`,
    `*MITRE*\n${escapeFit(alert.mitre.techniques.join(', ') || '–', 300)}`,
    `*Time*\n${escapeFit(alert.time ?? 'unknown', 100)}`,
    `*Audit ID*\n${alert.auditID ? code(alert.auditID, 200) : '–'}`,
  ];
  const blocks: Record<string, unknown>[] = [
    section(
      `${EMOJI[alert.severity]} *${sev}* · risk ${alert.riskScore}\n*${escapeFit(alert.title, 500)}*`,
    ),
    section(escapeFit(alert.summary, SLACK_LIMITS.sectionText)),
    {
      type: 'section',
      // Each field is built from capped parts, well under SLACK_LIMITS.fieldText.
      fields: fields.map((text) => ({ type: 'mrkdwn', text })),
    },
  ];
  const evidence = evidenceLines(alert);
  if (evidence) blocks.push(section(evidence));
  const commands = commandBlock(alert.response.suggested);
  if (commands) blocks.push(section(commands));
  const at = `${alert.source.file}:${alert.source.line}`;
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `cronwarden ${code(alert.id, 40)} · ${code(at, 300)}` }],
  });
  return {
    text: escapeFit(`[${sev}] ${alert.title}: ${alert.summary}`, SLACK_LIMITS.text),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function evidenceLines(alert: Alert): string | null {
  const lines: string[] = [];
  let total = 0;
  for (const m of alert.matches)
    for (const e of m.evidence) {
      total++;
      if (lines.length < MAX_EVIDENCE)
        lines.push(`• ${code(e.field, 100)}: ${code(e.value, MAX_VALUE)}`);
    }
  if (lines.length === 0) return null;
  if (total > lines.length) lines.push(`… ${total - lines.length} more`);
  return fitLines('*Evidence*', lines, SLACK_LIMITS.sectionText);
}

function commandBlock(commands: readonly string[]): string | null {
  if (commands.length === 0) return null;
  const head = '*Suggested commands*\n```\n';
  const tail = '\n```';
  const budget = SLACK_LIMITS.sectionText - head.length - tail.length - 20;
  const kept: string[] = [];
  let used = 0;
  for (const c of commands) {
    const line = escapeFit(c, budget);
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  if (kept.length < commands.length) kept.push(`# … ${commands.length - kept.length} more`);
  return `${head}${kept.join('\n')}${tail}`;
}

// Whole lines only: a line cut in half could leave an unclosed code span.
function fitLines(title: string, lines: readonly string[], max: number): string {
  let out = title;
  for (const l of lines) {
    if (out.length + 1 + l.length > max - 10) return `${out}\n…`;
    out += `\n${l}`;
  }
  return out;
}
