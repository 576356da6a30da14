import type { Who } from './identity.js';

/** One API request of the background, as text fragments ready to join into its lines. */
export interface Request {
  level: 'Metadata' | 'Request' | 'RequestResponse';
  verb: string;
  /** requestURI as it appears in JSON (query `&` already written as \u0026). */
  uri: string;
  who: Who;
  /** objectRef JSON known from the URL (RequestReceived); omitted for non-resource URLs. */
  urlRef?: string;
  /** objectRef JSON once the request is decoded (later stages). */
  ref?: string;
  /** responseStatus JSON. */
  status: string;
  /** `,"requestObject":…` and/or `,"responseObject":…`, or ''. */
  bodies?: string;
  /** `"annotations":{…}` when not the actor's plain allow. */
  annotations?: string;
}

export const OK = '{"metadata":{},"code":200}';
export const CREATED = '{"metadata":{},"code":201}';

export function notFound(resource: string, name: string, group = ''): string {
  const qualified = group ? `${resource}.${group}` : resource;
  const groupField = group ? `,"group":"${group}"` : '';
  return `{"metadata":{},"status":"Failure","message":"${qualified} \\"${name}\\" not found","reason":"NotFound","details":{"name":"${name}"${groupField},"kind":"${resource}"},"code":404}`;
}

const HEAD = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"';

/** The RequestReceived line: written before the body is read, authorized or answered. */
export function receivedLine(r: Request, auditID: string, at: string): string {
  const ref = r.urlRef ? `"objectRef":${r.urlRef},` : '';
  return `${HEAD}${r.level}","auditID":"${auditID}","stage":"RequestReceived","requestURI":"${r.uri}","verb":"${r.verb}",${r.who.identity},${ref}"requestReceivedTimestamp":"${at}","stageTimestamp":"${at}"}`;
}

/** ResponseStarted (long-running requests) or ResponseComplete. */
export function stageLine(
  r: Request,
  auditID: string,
  stage: 'ResponseStarted' | 'ResponseComplete',
  received: string,
  at: string,
): string {
  const ref = r.ref ? `"objectRef":${r.ref},` : '';
  return `${HEAD}${r.level}","auditID":"${auditID}","stage":"${stage}","requestURI":"${r.uri}","verb":"${r.verb}",${r.who.identity},${ref}"responseStatus":${r.status}${r.bodies ?? ''},"requestReceivedTimestamp":"${received}","stageTimestamp":"${at}",${r.annotations ?? r.who.allowed}}`;
}
