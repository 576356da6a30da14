/**
 * The native Kubernetes `audit.k8s.io/v1` Event, as the API server's log and webhook backends
 * write it. Every input format (EKS, GKE, AKS, Elastic) is converted to this shape before
 * normalization. Fields are optional because real logs vary (Metadata level has no bodies,
 * RequestReceived has no responseStatus, denied requests have no requestObject).
 */
export interface AuditUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

export interface AuditEvent {
  kind?: string;
  apiVersion?: string;
  level?: string;
  auditID?: string;
  stage?: string;
  requestURI?: string;
  verb?: string;
  user?: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus?: { code?: number; status?: string; reason?: string; message?: string };
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** Input formats `scan --input-format` accepts; `auto` detects the format per file. */
export const INPUT_FORMATS = ['auto', 'native', 'eks', 'gke', 'aks', 'elastic'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
