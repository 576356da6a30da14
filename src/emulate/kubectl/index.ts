export { kubectlPlan } from './plan.js';
export type { KubectlPlan, PlanCommand, PlanManifest } from './plan.js';
export { renderKubectlPlan } from './render.js';
export type { RenderOptions } from './render.js';
export { shQuote } from './quote.js';
