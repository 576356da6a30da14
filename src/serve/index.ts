export { buildServer, DEFAULT_SHUTDOWN_TIMEOUT_MS, type Server } from './app.js';
export { IngestPipeline, IngestUnavailableError, type BatchOutcome } from './ingest.js';
export { BadBatchError } from './webhook-body.js';
export { ServerMetrics } from './metrics.js';
export type { DetectionSet, ServerDeps, ServerOptions } from './types.js';
