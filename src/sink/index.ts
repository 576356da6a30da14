/** The alert sinks `serve` fans alerts out to (docs/sinks.md). */
export type {
  DeliveryResult,
  DropReason,
  Sink,
  SinkLogger,
  SinkStats,
  Transport,
} from './types.js';
export { DROP_REASONS } from './types.js';
export { SinkDispatcher } from './dispatcher.js';
export {
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_QUEUE,
  QueuedSink,
  type QueuedSinkOptions,
  type QueueOptions,
  type SinkRuntime,
} from './queued-sink.js';
export { DEFAULT_RETRY, parseRetryAfter, retryDelay, type RetryPolicy } from './backoff.js';
export { createSink, createSinks, SinkSetupError, type CreateSinkOptions } from './create.js';
export {
  fileSinkSchema,
  sinkConfigSchema,
  sinksConfigSchema,
  slackSinkSchema,
  stdoutSinkSchema,
  webhookSinkSchema,
  type SinkConfig,
  type SinkConfigInput,
} from './config.js';
export { stdoutTransport } from './stdout.js';
export { fileTransport, rotatedPath, type FsyncPolicy } from './file.js';
export { DELIVERY_HEADER, webhookTransport } from './webhook.js';
export { slackTransport } from './slack.js';
export { escapeMrkdwn, formatSlackMessage, type SlackMessage } from './slack-message.js';
export { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER, verifySignature } from './signature.js';
export type { TlsOptions } from './http-post.js';
