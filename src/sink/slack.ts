import type { Alert } from '../alert/types.js';
import { httpTarget, postJson, redactUrl, type TlsOptions } from './http-post.js';
import { formatSlackMessage } from './slack-message.js';
import type { DeliveryResult, Transport } from './types.js';

export interface SlackTransportOptions {
  /** The incoming-webhook URL; its path is the secret, so logs show only the host. */
  url: string;
  tls?: TlsOptions;
  timeoutMs: number;
}

/** One Slack message per alert through an incoming webhook (429 answers carry Retry-After). */
export function slackTransport(options: SlackTransportOptions): Transport {
  const target = httpTarget(options.url, options.timeoutMs, options.tls);
  return {
    maxBatch: 1,
    target: redactUrl(target.url),
    deliver(alerts: readonly Alert[], signal: AbortSignal): Promise<DeliveryResult> {
      const body = Buffer.from(JSON.stringify(formatSlackMessage(alerts[0]!)));
      return postJson(target, body, {}, signal);
    },
    async close(): Promise<void> {
      target.agent.destroy();
    },
  };
}
