export { catalogueStreams, labelledScenario } from './catalogue.js';
export { eqlEngine, sigmaEngine } from './engines.js';
export { loadLabels, renderLabels } from './labels.js';
export { renderReport, type ReportFormat } from './report.js';
export { validate } from './run.js';
export type * from './types.js';
