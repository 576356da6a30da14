import { z } from 'zod';

/**
 * AdmissionReview v1 requests, as the API server sends them to a validating webhook. Only the
 * fields cronwarden reads are checked; unknown fields pass through, because the API server adds
 * fields over releases and a webhook that rejects them breaks on the next upgrade.
 */
export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// The workload body is checked for shape only: the normalizer reads arbitrary JSON defensively,
// and copying a deep object through a schema on every request would cost latency for nothing.
const jsonObject = z.custom<Record<string, unknown>>(isJsonObject, {
  error: 'expected a JSON object',
});

const groupVersionKind = z.looseObject({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
});
const groupVersionResource = z.looseObject({
  group: z.string(),
  version: z.string(),
  resource: z.string().min(1),
});

const userInfo = z.looseObject({
  username: z.string().optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.array(z.string())).optional(),
});

export const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
export type AdmissionOperation = (typeof OPERATIONS)[number];

const request = z
  .looseObject({
    uid: z.string().min(1, 'expected the request uid the response must echo'),
    kind: groupVersionKind,
    resource: groupVersionResource,
    subResource: z.string().optional(),
    requestKind: groupVersionKind.optional(),
    requestResource: groupVersionResource.optional(),
    requestSubResource: z.string().optional(),
    name: z.string().optional(),
    namespace: z.string().optional(),
    operation: z.enum(OPERATIONS, { error: `expected one of ${OPERATIONS.join(', ')}` }),
    userInfo,
    object: jsonObject.nullable().optional(),
    oldObject: jsonObject.nullable().optional(),
    dryRun: z.boolean().optional(),
    options: jsonObject.nullable().optional(),
  })
  .superRefine((r, ctx) => {
    // The API server always sends the new object on CREATE and UPDATE; without it there is
    // nothing to evaluate, and allowing silently would make a broken client a bypass.
    if ((r.operation === 'CREATE' || r.operation === 'UPDATE') && !isJsonObject(r.object))
      ctx.addIssue({
        code: 'custom',
        path: ['object'],
        message: `expected the ${r.operation === 'CREATE' ? 'new' : 'updated'} object on ${r.operation}`,
      });
  });

const review = z.looseObject({
  apiVersion: z.literal(ADMISSION_API_VERSION, {
    error: `expected "${ADMISSION_API_VERSION}" (set admissionReviewVersions: ["v1"] in the webhook configuration)`,
  }),
  kind: z.literal('AdmissionReview', { error: 'expected "AdmissionReview"' }),
  request,
});

export type AdmissionRequest = z.infer<typeof request>;
export type AdmissionReview = z.infer<typeof review>;

export interface AdmissionReviewIssue {
  /** JSON path of the offending value, `$.request.userInfo.groups[0]`. */
  path: string;
  message: string;
}

/** The request body is not a usable AdmissionReview v1; the HTTP layer answers 400 with it. */
export class AdmissionReviewError extends Error {
  constructor(readonly issues: AdmissionReviewIssue[]) {
    super(`invalid AdmissionReview: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'AdmissionReviewError';
  }
}

/** Validates a parsed body. Throws AdmissionReviewError and nothing else. */
export function parseAdmissionReview(body: unknown): AdmissionReview {
  let result;
  try {
    result = review.safeParse(body);
  } catch (e) {
    // safeParse does not throw on bad input; this guards exotic values (getters, proxies).
    throw new AdmissionReviewError([{ path: '$', message: String((e as Error)?.message ?? e) }]);
  }
  if (result.success) return result.data;
  throw new AdmissionReviewError(
    result.error.issues.slice(0, 20).map((i) => ({ path: jsonPath(i.path), message: i.message })),
  );
}

/** Parses and validates the raw body text. Throws AdmissionReviewError and nothing else. */
export function parseAdmissionReviewJson(text: string): AdmissionReview {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new AdmissionReviewError([{ path: '$', message: `not JSON: ${(e as Error).message}` }]);
  }
  return parseAdmissionReview(body);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && IDENTIFIER.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}
