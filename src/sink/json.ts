import type { Alert } from '../alert/types.js';

/** One alert per line (docs/alerts.md), for SIEMs, jq and other machines. */
export function formatAlertJson(alert: Alert): string {
  return `${JSON.stringify(alert)}\n`;
}
