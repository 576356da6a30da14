/**
 * The alert: cronwarden's output contract (docs/alerts.md). Add fields freely; never rename or
 * remove one without a major version.
 */
export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertEvidence {
  field: string;
  value: string;
}

export interface AlertMatch {
  /** Present for EQL queries (`eql`); Sigma rule matches leave it out. */
  language?: 'eql';
  ruleId: string;
  title: string;
  level: Severity;
  tags: string[];
  evidence: AlertEvidence[];
}

/** A follow-up event linked to the alert instead of raising one of its own. */
export interface RelatedEvent {
  auditID: string | null;
  time: string | null;
  verb: string;
  resource: string;
  namespace: string | null;
  name: string | null;
  user: string;
  /** How it was linked: `ownerReference` (uid or name) or `controllerNaming` (name pattern). */
  link: 'ownerReference' | 'controllerNaming';
  /** The object it descends from (`CronJob default/argus-test-cronjob`). */
  parent: string;
  ruleIds: string[];
  source: { file: string; line: number; path?: string };
}

export interface Alert {
  id: string;
  time: string | null;
  severity: Severity;
  riskScore: number;
  title: string;
  summary: string;
  auditID: string | null;
  verb: string;
  stage: string | null;
  responseCode: number | null;
  decision: 'allow' | 'forbid' | null;
  user: { username: string; groups: string[]; authenticatedAs?: string };
  sourceIPs: string[];
  userAgent: string | null;
  object: {
    apiGroup: string;
    apiVersion: string | null;
    resource: string;
    subresource: string | null;
    namespace: string | null;
    name: string | null;
    kind: string | null;
  };
  mitre: { tactics: string[]; techniques: string[] };
  matches: AlertMatch[];
  related: RelatedEvent[];
  /** Follow-ups linked in total; `related` keeps the first 100. */
  relatedCount: number;
  response: { suggested: string[] };
  source: { file: string; line: number; path?: string };
}
