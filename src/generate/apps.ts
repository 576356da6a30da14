import type { JsonObject } from '../emulate/json.js';
import { DAEMON_SETS } from './apps-system.js';
import { SCHEDULED } from './apps-scheduled.js';
import { SERVICES } from './apps-services.js';

/**
 * One workload of the generated cluster: its manifest as the deployer applied it, and the
 * objects around it that clients read (ConfigMaps, Secrets, the Service).
 */
export interface App {
  name: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob';
  manifest: JsonObject;
  /** The Pod Security level its namespace enforces, as admission records it on pod creates. */
  podSecurity: string;
  configMaps: string[];
  secrets: string[];
  /** CronJobs: minutes between runs. */
  everyMinutes?: number;
  /** How often the controllers and kubelets write its pods, relative to the other apps. */
  weight: number;
}

export const APPS: readonly App[] = [...SERVICES, ...DAEMON_SETS, ...SCHEDULED];

export const NAMESPACES: readonly string[] = [...new Set(APPS.map((a) => a.namespace))].sort();
